// Capture, target and bubble phases through window, document, body and two elements.
const outer = document.createElement('div');
const inner = document.createElement('button');
outer.append(inner);
document.body.append(outer);
const where = (name) => (e) => console.log(name, 'phase', e.eventPhase, 'target', e.target.tagName ?? 'window', 'current', e.currentTarget === window ? 'window' : e.currentTarget.nodeName);
for (const [name, node] of [['window', window], ['document', document], ['body', document.body], ['outer', outer], ['inner', inner]]) {
  node.addEventListener('ping', where(name + ' capture'), true);
  node.addEventListener('ping', where(name + ' bubble'));
}
inner.dispatchEvent(new Event('ping', { bubbles: true }));
console.log('--- not bubbling');
inner.dispatchEvent(new Event('ping'));
