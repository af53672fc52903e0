// A small DOM: building a tree, reading it back, moving and removing nodes.
const list = document.createElement('ul');
list.id = 'items';
for (const name of ['apple', 'banana', 'cherry']) {
  const li = document.createElement('li');
  li.textContent = name;
  li.className = 'item ' + name;
  list.appendChild(li);
}
document.body.appendChild(list);
console.log(document.getElementById('items') === list, list.children.length, list.firstElementChild.textContent, list.lastChild.textContent);
console.log(list.outerHTML);
const banana = document.querySelector('li.banana');
list.insertBefore(banana, list.firstChild);
console.log([...list.children].map((li) => li.textContent).join(','));
list.lastElementChild.remove();
console.log(list.innerHTML);
console.log(list.textContent, list.childNodes.length, banana.parentNode === list, banana.nextElementSibling.textContent);
console.log(document.body.children.length, document.body.firstElementChild.tagName, document.querySelectorAll('li').length);
const frag = document.createDocumentFragment();
frag.append('text node, ', document.createElement('b'));
list.prepend(frag);
console.log(list.childNodes.length, frag.childNodes.length, list.firstChild.nodeType, list.firstChild.nodeName);
console.log(list.contains(banana), document.body.contains(list), document.documentElement.tagName, document.head.children.length, document.title);
