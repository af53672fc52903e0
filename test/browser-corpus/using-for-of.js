// `for (using x of xs)`, `for (await using x of xs)` and `for await (using x of xs)` as Chromium runs
// them (the .ts fixture of the same name is Node 24's): each iteration's value disposed after its body, before the loop goes on or closes the iterator,
// with the checks, the SuppressedError and the awaits among other jobs.
const log = (...a) => console.log(...a);
const res = (n, fail = false) => ({ [Symbol.dispose]() { log('dispose', n); if (fail) throw new Error('fail ' + n); } });
function* items() { try { yield res('a'); yield res('b'); yield res('c', true); yield res('d'); } finally { log('iterator closed'); } }
try {
  for (using r of items()) { log('body', Object.keys(r).length); }
} catch (e) { log('caught', e.message); }
for (using r of [res('x'), null, res('y')]) { log('item'); if (r === null) continue; }
for (using r of [res('p'), res('q')]) { log('break next'); break; }
try { for (using r of [res('m'), 5, res('n')]) { log('ok'); } } catch (e) { log(e.message); }
try { for (using r of [res('t', true)]) { throw new Error('body'); } } catch (e) { log(e.constructor.name, e.error.message, e.suppressed.message); }
async function main() {
  for (await using r of [{ async [Symbol.asyncDispose]() { log('async disposed'); } }, null]) { log('async body'); }
  for await (using r of [Promise.resolve(res('awaited'))]) { log('for await body'); }
  async function* ag() { yield res('ag1'); yield res('ag2'); }
  for await (using r of ag()) { log('ag body'); }
}
const t = (async () => { let p = Promise.resolve(); for (let i = 0; i < 8; i++) p = p.then(() => log('tick', i)); await p; })();
main().then(() => log('main done'));
