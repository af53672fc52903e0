// innerHTML: parsed from markup, serialised back; textContent of the result.
const box = document.createElement('div');
box.innerHTML = '<p class="a">Hello <b>bold</b> &amp; <i>more</i></p><br><input type="text" value="x"><!-- note --><span data-id="7">s</span>';
document.body.append(box);
console.log(box.children.length, box.childNodes.length);
console.log(box.querySelector('b').textContent, box.querySelector('.a').childNodes.length);
console.log(box.textContent);
console.log(box.innerHTML);
console.log(box.querySelector('span').dataset.id, box.querySelector('input').getAttribute('type'));
box.querySelector('p').innerHTML = '1 < 2 > 0';
console.log(box.firstChild.innerHTML, box.firstChild.textContent);
box.innerHTML = '';
console.log(box.childNodes.length, JSON.stringify(box.innerHTML));
