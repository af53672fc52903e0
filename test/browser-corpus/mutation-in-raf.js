// DOM writes in a rAF callback: the observer's microtask runs right after that callback.
const box = document.createElement('div');
document.body.append(box);
new MutationObserver((rs) => console.log('observer saw', rs.length, 'mutation(s)')).observe(box, { childList: true, attributes: true });
requestAnimationFrame(() => {
  console.log('raf 1 writes');
  box.textContent = 'hello';
  box.setAttribute('data-state', 'ready');
});
requestAnimationFrame(() => { console.log('raf 2 writes'); box.append('!'); });
setTimeout(() => { console.log('timeout writes'); box.className = 'done'; Promise.resolve().then(() => console.log('promise after timeout write')); }, 5);
