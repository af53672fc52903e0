// innerHTML with implied end tags (li, p), unquoted attributes, void elements.
const d = document.createElement('div');
d.innerHTML = '<p>a<p>b<ul><li>1<li>2</ul><div>x</div><span>s<b>bold</b></span>tail';
console.log(d.children.length, d.innerHTML);
d.innerHTML = '<button id=b class=big disabled>Go</button><img src="x.png" alt=pic><br/>end';
console.log(d.innerHTML, d.firstChild.disabled, d.querySelector('img').alt);
document.body.innerHTML = '<main><h1>T</h1><p class="lead">L</p></main>';
console.log(document.body.innerHTML, document.querySelector('.lead').previousElementSibling.tagName);
