console.log('before the loop');
let spins = 0;
while (true) {
  spins++;
}
