// Shared test helpers: run a program in the simulator (in-process) and, for ground truth,
// the test's own fixture program in real Node.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../src/engine';
import type { Analysis, AnalyzeOptions } from '../src/engine/types';

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  analysis: Analysis;
}

export function simulate(source: string, options: AnalyzeOptions = {}): RunResult {
  const analysis = analyze(source, { fileName: 'test.js', ...options });
  let stdout = '';
  let stderr = '';
  for (const e of analysis.console) {
    const text = e.text + (e.method === 'write' ? '' : '\n');
    if (e.stream === 'stdout') stdout += text;
    else stderr += text;
  }
  return { stdout, stderr, exitCode: analysis.exitCode, analysis };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-test-'));
let counter = 0;

/** Ground truth: runs the test's own fixture program in real Node. */
export function runNode(source: string, ext = '.js'): { stdout: string; stderr: string; exitCode: number } {
  const file = path.join(tmp, `prog${++counter}${ext}`);
  fs.writeFileSync(file, source);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
}

/** The Node 24 the e2e kit installed (TypeScript's ground truth), or null where the kit is not set up. */
export function node24(): string | null {
  try {
    const p = JSON.parse(fs.readFileSync(path.join(os.homedir(), '.cache/vscode-e2e/paths.json'), 'utf8')).node;
    return p && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export const repoRoot = path.resolve(__dirname, '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** One test per program: the simulator's stdout and exit code must equal real Node's. */
export function describeAgainstNode(title: string, cases: Record<string, string>, options: AnalyzeOptions = {}): void {
  describe(title, function () {
    this.timeout(60000);
    for (const [name, src] of Object.entries(cases)) {
      it(name, () => {
        const expected = runNode(src, options.moduleKind === 'module' ? '.mjs' : '.js');
        const actual = simulate(src, options);
        assert.equal(actual.stdout, expected.stdout, `stdout differs for:\n${src}`);
        assert.equal(actual.exitCode, expected.exitCode, `exit code differs (stderr: ${actual.stderr})`);
      });
    }
  });
}
