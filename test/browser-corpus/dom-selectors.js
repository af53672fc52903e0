// querySelector(All) with simple selectors and combinators; closest and matches.
document.body.innerHTML = `
<main id="app">
  <section class="card featured"><h2>One</h2><p class="x">p1</p><button data-act="buy">Buy</button></section>
  <section class="card"><h2>Two</h2><p>p2</p><a href="#">link</a><button data-act="sell">Sell</button></section>
</main>`;
const q = (s) => [...document.querySelectorAll(s)].map((e) => e.tagName.toLowerCase() + (e.textContent ? ':' + e.textContent : '')).join(' ');
console.log(q('section > h2'));
console.log(q('.card p'));
console.log(q('button[data-act="sell"]'));
console.log(q('#app .featured button'));
console.log(q('h2 + p'));
console.log(q('h2 ~ button'));
console.log(q('p, a'));
console.log(q('section:first-child h2'), '|', q('section:last-child > *:last-child'));
console.log(q('[href]'), '|', q('p:not(.x)'), '|', q('[data-act^=s]'));
const btn = document.querySelector('[data-act=buy]');
console.log(btn.closest('section').classList.contains('featured'), btn.closest('#app').id, btn.closest('aside'));
try { document.querySelector('!!bad'); } catch (e) { console.log(e.name); }
