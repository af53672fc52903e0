// Differential fuzzing of the browser profile against a real Chromium: seeded random event-loop
// programs (timers with fractional and nested delays, intervals, animation frames, idle callbacks,
// MessageChannel and window messages, promises, MutationObserver, dispatchEvent, async/await),
// each run by the ground-truth tool (../shared/tools/browser-truth, Chromium on a virtual clock) and
// by the simulator (dist/cli.js run --runtime browser); their stdout must be equal. Two Chromium
// scheduler policies are kept out of the programs (see program()).
//   npm run fuzz:browser -- [--count N] [--seed S] [--keep DIR]      (needs the tool's Chromium)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const tool = path.resolve(root, '..', 'shared', 'tools', 'browser-truth', 'run.mjs');
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const count = Number(opt('--count', 20));
let seed = Number(opt('--seed', Date.now() % 100000));
const keep = opt('--keep', fs.mkdtempSync(path.join(os.tmpdir(), 'browser-diff-')));
fs.mkdirSync(keep, { recursive: true });

function program(s) {
  let state = s;
  const rnd = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  let id = 0;
  const action = (depth) => {
    const n = ++id;
    const inner = () => (depth < 3 && rnd() < 0.55 ? action(depth + 1) : '');
    const d = pick([0, 0, 1, 1.5, 2, 4, 5, 10, 16, 17, 20, 33, 34, 50]);
    switch (pick(['timeout', 'timeout', 'interval', 'raf', 'raf', 'idle', 'port', 'post', 'promise', 'micro', 'mo', 'dispatch', 'await', 'cancelraf', 'nested', 'click', 'fetch', 'postTask', 'yield', 'text'])) {
      case 'click': return `btn.click(); log('clicked${n}');`;
      case 'fetch': return `fetch('/f${n}').then((r) => r.json()).then((j) => { log('f:' + j.path); ${inner()} });`;
      case 'postTask': return `scheduler.postTask(() => { log('st${n}'); ${inner()} }, { priority: '${pick(['user-blocking', 'user-visible', 'background'])}'${rnd() < 0.3 ? `, delay: ${d}` : ''} });`;
      case 'yield': return `(async () => { log('y${n}'); await scheduler.yield(); log('y${n}b'); })();`;
      case 'text': return `box.textContent = 'x${n}';`;
      case 'timeout': return `setTimeout(() => { log('t${n}'); ${inner()} }, ${d});`;
      case 'nested': return `(function f${n}(i) { log('n${n}.' + i); if (i < ${2 + Math.floor(rnd() * 7)}) setTimeout(() => f${n}(i + 1), ${pick([0, 1, 2])}); })(0);`;
      case 'interval': return `{ let c = 0; const h = setInterval(() => { c++; log('i${n}.' + c); ${inner()} if (c >= ${1 + Math.floor(rnd() * 4)}) clearInterval(h); }, ${pick([0, 1, 3, 7, 10, 16])}); }`;
      case 'raf': return `requestAnimationFrame(() => { log('r${n}'); ${inner()} });`;
      case 'cancelraf': return `{ const h = requestAnimationFrame(() => log('c${n}')); ${rnd() < 0.5 ? 'cancelAnimationFrame(h);' : `setTimeout(() => cancelAnimationFrame(h), ${d});`} }`;
      case 'idle': return `requestIdleCallback(() => { log('idle${n}'); ${inner()} });`;
      case 'port': return `ch.port2.postMessage('p${n}');`;
      case 'post': return `postMessage('w${n}', '*');`;
      case 'promise': return `Promise.resolve().then(() => { log('pr${n}'); ${inner()} });`;
      case 'micro': return `queueMicrotask(() => { log('q${n}'); ${inner()} });`;
      case 'mo': return `box.setAttribute('a${n}', '1');`;
      case 'dispatch': return `box.dispatchEvent(new Event('e')); log('d${n}');`;
      default: return `(async () => { await null; log('aw${n}'); await new Promise((r) => setTimeout(r, ${d})); log('aw${n}b'); ${inner()} })();`;
    }
  };
  const lines = [
    `// browser-differential seed ${s}`,
    `const t = () => Date.now() - 1700000000000;`,
    `const log = (s) => console.log(s, t());`,
    `const ch = new MessageChannel(); ch.port1.onmessage = (e) => log('m:' + e.data);`,
    `addEventListener('message', (e) => log('wm:' + e.data));`,
    `const box = document.createElement('div'); document.body.append(box);`,
    `new MutationObserver((rs) => log('mo:' + rs.length)).observe(box, { attributes: true, childList: true });`,
    `box.addEventListener('e', () => { log('listener'); queueMicrotask(() => log('lq')); });`,
    `const btn = document.createElement('button'); btn.id = 'b'; document.body.append(btn);`,
    `btn.addEventListener('click', (e) => { log('btn:' + e.isTrusted); queueMicrotask(() => log('bq')); setTimeout(() => log('bt'), 0); });`,
    `btn.addEventListener('click', () => log('btn2'));`,
  ];
  const flags = [];
  if (rnd() < 0.5) flags.push(`--click #b@${pick([5, 10, 16, 20, 30, 40, 50, 60])}`);
  if (rnd() < 0.5) flags.push(`--fetch-latency ${pick([10, 20, 25, 30, 40])}`);
  if (flags.length) lines.splice(1, 0, `// browser-truth: ${flags.join(' ')}`);
  const k = 6 + Math.floor(rnd() * 8);
  for (let i = 0; i < k; i++) lines.push(action(0));
  // Left out, as Chromium's own scheduler policy after network activity (measured, not modelled):
  // tasks a user click queues within ~25 ms after a fetch answer wait until virtual time next
  // moves; a scheduler.yield() continuation after a fetch() call loses its priority.
  const body = lines.join('\n');
  if (/fetch\(/.test(body) && (flags.some((f) => f.startsWith('--click')) || /scheduler\.yield/.test(body))) return program(s + 1000003);
  return lines.join('\n') + '\n';
}

let same = 0;
const differ = [];
for (let i = 0; i < count; i++, seed++) {
  const file = path.join(keep, `seed-${seed}.js`);
  fs.writeFileSync(file, program(seed));
  const flags = /^\s*\/\/\s*browser-truth:(.*)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1].trim().split(/\s+/) ?? [];
  const chromium = spawnSync(process.execPath, [tool, file, ...flags], { encoding: 'utf8', timeout: 60_000 });
  const sim = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'run', file, '--runtime', 'browser'], { encoding: 'utf8', timeout: 60_000 });
  if (chromium.stdout === sim.stdout) same++;
  else {
    differ.push(file);
    fs.writeFileSync(file.replace(/\.js$/, '.chromium.txt'), chromium.stdout + (chromium.stderr ? `--- stderr\n${chromium.stderr}` : ''));
    fs.writeFileSync(file.replace(/\.js$/, '.simulator.txt'), sim.stdout);
  }
}
console.log(`browser-differential: ${same} of ${count} programs equal to Chromium${differ.length ? `; differ (with .chromium.txt / .simulator.txt): ${differ.join(' ')}` : ''}`);
process.exit(differ.length ? 1 : 0);
