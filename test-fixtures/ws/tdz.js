function show() {
  console.log(value);
}
try {
  show();
} catch (e) {
  console.log(e.name);
}
let value = 1;
console.log(value);
