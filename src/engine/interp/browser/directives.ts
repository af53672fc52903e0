// The file's own description of what the user does, so a browser run stays deterministic:
//   // @lens click #buy at 100ms        a trusted user click on the first element matching `#buy`
//   // @lens fetch /api/user 300ms      fetch('/api/user') is answered 300 ms after the call
// and the ground-truth tool's own flags on a `// browser-truth: ...` line (--click SEL@MS,
// --fetch-latency MS, --frame-interval MS, --frames N), so one file runs the same way in the
// simulator and in Chromium. Pure text → data; a malformed directive is a located diagnostic.
import type { Diagnostic } from '../../types';

export interface Directives {
  clicks: { selector: string; at: number; line: number }[];
  fetchLatencyByUrl: Record<string, number>;
  fetchLatency?: number;
  frameInterval?: number;
  maxFrames?: number;
  budget?: number;
  diagnostics: Diagnostic[];
}

const MS = String.raw`(\d+(?:\.\d+)?)\s*(?:ms)?`;
const CLICK = new RegExp(String.raw`^click\s+(.+?)\s+at\s+${MS}$`);
const FETCH = new RegExp(String.raw`^fetch\s+(\S+)\s+${MS}$`);

export function parseDirectives(source: string): Directives {
  const out: Directives = { clicks: [], fetchLatencyByUrl: {}, diagnostics: [] };
  const lines = source.split('\n');
  for (let i = 0; i < lines.length && i < 100000; i++) {
    const line = lines[i];
    if (line.indexOf('//') < 0) continue;
    const lens = /^\s*\/\/\s*@lens\b(.*)$/.exec(line);
    if (lens) {
      const body = lens[1].trim();
      const col = line.indexOf('@lens');
      const click = CLICK.exec(body);
      const fetch = FETCH.exec(body);
      if (click) out.clicks.push({ selector: click[1], at: Number(click[2]), line: i + 1 });
      else if (fetch) out.fetchLatencyByUrl[fetch[1]] = Number(fetch[2]);
      else
        out.diagnostics.push({
          code: 'directive',
          severity: 'warning',
          message: `Malformed @lens directive \`${body}\`: expected \`// @lens click SELECTOR at MSms\` (a user click) or \`// @lens fetch URL MSms\` (a fetch latency).`,
          line: i + 1,
          column: col,
          endLine: i + 1,
          endColumn: line.length,
        });
      continue;
    }
    const bt = /^\s*\/\/\s*browser-truth:(.*)$/.exec(line);
    if (bt) {
      const args = bt[1].trim().split(/\s+/);
      for (let j = 0; j < args.length; j++) {
        const a = args[j];
        const v = args[j + 1];
        if (a === '--click' && v) {
          const m = /^(.+)@(\d+(?:\.\d+)?)$/.exec(v);
          if (m) out.clicks.push({ selector: m[1], at: Number(m[2]), line: i + 1 });
          j++;
        } else if (a === '--fetch-latency' && v && Number.isFinite(Number(v))) {
          out.fetchLatency = Number(v);
          j++;
        } else if (a === '--frame-interval' && v && Number(v) >= 0.1) {
          out.frameInterval = Number(v);
          j++;
        } else if (a === '--budget' && v && Number(v) > 0) {
          out.budget = Number(v);
          j++;
        } else if (a === '--frames' && v && Number(v) >= 0) {
          out.maxFrames = Number(v);
          j++;
        }
      }
    }
  }
  return out;
}

/** `--click SEL@MS` as the tool takes it (the CLI). */
export function parseClickFlag(v: string): { selector: string; at: number } | null {
  const m = /^(.+)@(\d+(?:\.\d+)?)$/.exec(v);
  return m ? { selector: m[1], at: Number(m[2]) } : null;
}
