// The CLI's share-a-run commands: `annotate FILE --markdown` and `export FILE --html OUT`.
// Program text in Markdown goes into a code fence longer than any backtick run it contains, or is
// escaped (Markdown punctuation backslashed, `<`, `>`, `&` as entities) — a renderer that allows
// HTML still shows `<img onerror=…>` as text.
import * as fs from 'fs';
import * as path from 'path';
import type { Analysis } from '../engine/types';
import { buildHints } from '../extension/hints';
import { TraceReplay } from '../engine/replay';
import { buildExportHtml, EXPORT_THEME_CSS, exportData } from './html';

/** Markdown-inert text for a table cell or a paragraph. */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => '\\' + c)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ⏎ ');
}

function fence(source: string): string {
  let longest = 0;
  for (const m of source.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

const KIND_WORDS: Record<string, string> = { sync: 'sync', microtask: 'microtask', macrotask: 'macrotask', nextTick: 'nextTick' };

export function annotateMarkdown(source: string, analysis: Analysis, title: string): string {
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const byLine = new Map<number, string>();
  for (const h of buildHints(analysis, 'console', { hover: false })) byLine.set(h.line, h.text.replace(/\s+/g, ' '));
  let width = 10;
  for (let i = 0; i < lines.length; i++) if (byLine.has(i + 1) && lines[i].length > width) width = Math.min(60, lines[i].length);
  const annotated = lines.map((text, i) => {
    const h = byLine.get(i + 1);
    return h ? `${text.padEnd(width)}  // ${h}` : text;
  }).join('\n');
  const f = fence(annotated);
  const out: string[] = [];
  out.push(`## ${mdText(title)} — what it prints, and when`, '');
  out.push(`Simulated by Event Loop Lens (${analysis.runtime === 'node' ? 'Node.js' : 'browser'} profile; the file was never executed). Each printing line carries its output order and the queue it ran from.`, '');
  out.push(`${f}js`, annotated, f, '');
  if (analysis.console.length) {
    out.push('| # | Line | Ran as | Output |', '|---:|---:|---|---|');
    for (const c of analysis.console.slice(0, 500)) {
      const from = c.kind === 'sync' ? 'sync' : `${KIND_WORDS[c.kind] ?? c.kind} (${c.source}${c.delay !== undefined ? ` ${c.delay} ms` : ''})`;
      out.push(`| ${c.order} | ${c.line} | ${mdText(from)} | ${mdText(c.text.length > 200 ? c.text.slice(0, 199) + '…' : c.text)} |`);
    }
    if (analysis.console.length > 500) out.push('', `… and ${analysis.console.length - 500} more lines.`);
    out.push('');
  } else out.push('It prints nothing.', '');
  const ds = analysis.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (ds.length) {
    out.push('**Findings**', '');
    for (const d of ds.slice(0, 50)) out.push(`- line ${d.line}: ${mdText(d.message)}`);
    out.push('');
  }
  out.push(`${analysis.console.length} output line(s), ${analysis.tasks.filter((t) => t.kind === 'macrotask').length} task(s), ${analysis.tasks.filter((t) => t.kind === 'microtask').length} microtask(s), virtual time ${analysis.virtualTime} ms.`, '');
  return out.join('\n');
}

/** The page's renderer and styles, from the extension's media/ folder. */
export function exportAssets(mediaDir: string): { script: string; css: string } | { error: string } {
  try {
    const script = fs.readFileSync(path.join(mediaDir, 'dist', 'export.js'), 'utf8');
    const css = [EXPORT_THEME_CSS, fs.readFileSync(path.join(mediaDir, 'panel.css'), 'utf8'), fs.readFileSync(path.join(mediaDir, 'teach.css'), 'utf8')].join('\n');
    return { script, css };
  } catch (e) {
    return { error: `the page's renderer is missing (${(e as Error).message.split('\n')[0]}); run npm run build` };
  }
}

export function renderExport(source: string, analysis: Analysis, title: string, mediaDir: string): { ok: true; html: string; stops: number } | { ok: false; message: string } {
  const assets = exportAssets(mediaDir);
  if ('error' in assets) return { ok: false, message: assets.error };
  const data = exportData(analysis, source, title);
  return { ok: true, html: buildExportHtml(data, assets.script, assets.css), stops: new TraceReplay(data.analysis).stopCount };
}

export function writeExport(source: string, analysis: Analysis, title: string, out: string, mediaDir: string): { ok: true; bytes: number; stops: number } | { ok: false; message: string } {
  const r = renderExport(source, analysis, title, mediaDir);
  if (!r.ok) return r;
  try {
    fs.writeFileSync(out, r.html);
  } catch (e) {
    return { ok: false, message: `cannot write ${out}: ${(e as Error).message.split('\n')[0]}` };
  }
  return { ok: true, bytes: Buffer.byteLength(r.html), stops: r.stops };
}
