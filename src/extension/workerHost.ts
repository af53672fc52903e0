// The editor's analysis host: the engine runs in a locked-down child process (src/sandbox/host.ts),
// never in the extension host. One job per key (document) at a time: a newer job for the same key
// cancels the older one (its child is killed, the warm spare takes over); a job that outlives its
// hard deadline is killed from outside. The extension host's thread never waits.
// (The name stays WorkerHost: the panel and the analysis service use this API.)
import * as path from 'path';
import { AnalysisHost, AnalysisHostOptions } from '../sandbox/host';

export type { JobOutcome, JobRequest, SelfCheck } from '../sandbox/host';
export { analysisOf, failureAnalysis, missingLayers } from '../sandbox/host';

export class WorkerHost extends AnalysisHost {
  constructor(options: AnalysisHostOptions) {
    super(options);
  }

  /** The host of the extension installed at `extensionPath` (its bundles are in dist/). */
  static forExtension(extensionPath: string): WorkerHost {
    return new WorkerHost({ distDir: path.join(extensionPath, 'dist') });
  }
}
