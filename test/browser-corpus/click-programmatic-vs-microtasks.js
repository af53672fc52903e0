// el.click() from a timer: listeners run inside click(); their microtasks after the timer's code.
const btn = document.createElement('button');
document.body.append(btn);
btn.addEventListener('click', (e) => { console.log('listener 1, trusted', e.isTrusted); queueMicrotask(() => console.log('micro 1')); });
btn.addEventListener('click', () => { console.log('listener 2'); queueMicrotask(() => console.log('micro 2')); });
document.addEventListener('click', () => console.log('document saw the click'));
btn.onclick = () => console.log('onclick handler');
setTimeout(() => {
  console.log('timer: before click()');
  btn.click();
  console.log('timer: after click()');
  Promise.resolve().then(() => console.log('timer microtask'));
}, 0);
