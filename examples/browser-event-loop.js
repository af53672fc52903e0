// @lens click #buy at 100ms
// The browser's event loop: a user click (a task), an animation frame, a MutationObserver.
const button = document.createElement('button');
button.id = 'buy';
document.body.append(button);

new MutationObserver(() => console.log('DOM changed')).observe(document.body, { childList: true, subtree: true });

button.addEventListener('click', () => {
  console.log('clicked');
  Promise.resolve().then(() => console.log('microtask after the listener'));
  document.body.append(document.createElement('p'));
});

requestAnimationFrame(() => console.log('frame'));
setTimeout(() => console.log('timeout'), 0);
console.log('script');
