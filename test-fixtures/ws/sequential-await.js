const wait = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms));

async function main() {
  const a = await wait(100, 'a');
  const b = await wait(200, 'b');
  console.log(a, b);
}

main();
