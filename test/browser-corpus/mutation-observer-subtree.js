// MutationObserver with subtree, characterData, attributeOldValue and attributeFilter.
const root = document.createElement('div');
const child = document.createElement('p');
const text = document.createTextNode('one');
child.append(text);
root.append(child);
document.body.append(root);
const log = (name) => (records) => console.log(name, records.map((r) => `${r.type}:${r.attributeName ?? ''}:${r.oldValue ?? ''}:${r.target.nodeName}`).join(' | '));
new MutationObserver(log('all')).observe(root, { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true, characterDataOldValue: true });
new MutationObserver(log('filtered')).observe(child, { attributeFilter: ['data-x'] });
child.setAttribute('data-x', '1');
child.setAttribute('title', 't');
child.setAttribute('data-x', '2');
text.data = 'two';
root.append(document.createElement('span'));
queueMicrotask(() => console.log('microtask queued after the mutations'));
console.log('sync end');
