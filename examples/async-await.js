// An async function runs synchronously until its first `await`;
// the rest of it is a microtask that waits for the awaited promise.
async function fetchUser() {
  console.log('A: inside fetchUser, before await');
  const user = await new Promise((resolve) => setTimeout(() => resolve({ name: 'Ada' }), 100));
  console.log('B: after await, got', user.name);
  return user;
}

console.log('before call');
fetchUser().then((u) => console.log('then:', u));
console.log('after call — fetchUser is still waiting');
