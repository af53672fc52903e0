// browser-truth: --fetch-latency 40
// fetch answers on the virtual clock; body reads finish before the next answer.
const t = () => Date.now() - 1700000000000;
async function load(path) {
  const r = await fetch(path);
  console.log(path, 'status', r.status, r.ok, 'at', t());
  const body = await r.json();
  console.log(path, 'body path', body.path, 'at', t());
  return body.path;
}
load('/api/user').then((p) => console.log('loaded', p));
setTimeout(() => load('/api/items?page=2'), 15);
setTimeout(() => console.log('timeout 40 at', t()), 40);
requestAnimationFrame(() => { console.log('frame at', t()); fetch('/in-frame').then((r) => r.text()).then((s) => console.log('in-frame text', s, 'at', t())); });
