// Output that looks like HTML must be shown as text in the step-through panel.
const payload = '<img src=x onerror=alert(1)>';
console.log(payload);
setTimeout(function () {
  console.log('<script>alert("x")</script> & <b>not bold</b>');
}, 5);
Promise.resolve(payload).then(function (v) {
  console.log(v.length);
});
