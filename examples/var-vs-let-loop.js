// `var` has one binding for the whole loop: every callback sees its final value.
// `let` gets a fresh binding per iteration.
for (var i = 0; i < 3; i++) {
  setTimeout(() => console.log('var i =', i), 0);
}

for (let j = 0; j < 3; j++) {
  setTimeout(() => console.log('let j =', j), 0);
}
