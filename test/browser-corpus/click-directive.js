// @lens click #go at 25ms
// A user click declared in the file (the simulator's directive), run by the tool with the same flag.
// browser-truth: --click #go@25
const t = () => Date.now() - 1700000000000;
const go = document.createElement('button');
go.id = 'go';
go.textContent = 'Go';
document.body.append(go);
go.addEventListener('click', async () => {
  console.log('clicked at', t());
  await null;
  console.log('after await in the listener');
  const ch = new MessageChannel();
  ch.port1.onmessage = () => console.log('message after click at', t());
  ch.port2.postMessage(0);
});
go.addEventListener('click', () => console.log('second listener'));
