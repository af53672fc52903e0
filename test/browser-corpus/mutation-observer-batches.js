// One MutationObserver microtask per batch; takeRecords and disconnect.
const el = document.createElement('ul');
document.body.append(el);
const mo = new MutationObserver((records, observer) => {
  console.log('callback with', records.length, 'records, same observer:', observer === mo);
  records.forEach((r) => console.log('  added', r.addedNodes.length, 'removed', r.removedNodes.length));
});
mo.observe(el, { childList: true });
el.append(document.createElement('li'));
Promise.resolve().then(() => {
  console.log('promise 1');
  el.append(document.createElement('li'));
  Promise.resolve().then(() => console.log('promise 2'));
});
setTimeout(() => {
  el.append(document.createElement('li'));
  el.append(document.createElement('li'));
  console.log('takeRecords:', mo.takeRecords().length);
  el.firstChild.remove();
  mo.disconnect();
  el.append(document.createElement('li'));
  console.log('children now', el.children.length);
}, 0);
