// Output is text, never markup: the panel and the hints show these characters as they are.
console.log('<img src=x onerror=alert(1)>');
setTimeout(() => console.log('<script>alert("xss")</script>'), 0);
