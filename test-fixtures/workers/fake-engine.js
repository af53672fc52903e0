// A stand-in engine worker for the WorkerHost unit tests: 'spin' never returns, 'slow:N' takes N ms,
// 'throw' fails, anything else is echoed back. Same message protocol as src/engine/worker.ts.
const { parentPort } = require('worker_threads');
parentPort.on('message', (msg) => {
  const src = String(msg.source);
  if (src === 'spin') for (;;);
  if (src.startsWith('slow:')) {
    const end = Date.now() + Number(src.slice(5));
    while (Date.now() < end);
  }
  if (src === 'throw') return parentPort.postMessage({ id: msg.id, ok: false, error: 'Error: boom\n    at engine' });
  parentPort.postMessage({ id: msg.id, ok: true, value: { echo: src, threadId: require('worker_threads').threadId } });
});
