// An await loop: 1e5 awaits of plain values and 1e4 of promises.
async function main() {
  let s = 0;
  for (let i = 0; i < 100000; i++) {
    s += await i;
  }
  for (let i = 0; i < 10000; i++) {
    s += await Promise.resolve(1);
  }
  return s;
}
main().then((s) => console.log('awaits done', s));
console.log('awaiting');
