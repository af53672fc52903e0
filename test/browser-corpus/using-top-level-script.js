// expect-exit: 1
// A classic script has no `using` at its top level: Chromium reads `using` as an identifier and
// stops at the name after it (nothing of the script runs); a block of it may have one.
console.log("never runs");
{ using inner = { [Symbol.dispose]() {} }; }
using a = { [Symbol.dispose]() {} };
