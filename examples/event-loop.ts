// The classic, in TypeScript: types are erased (every position kept), so the hints sit on these lines.
interface Step { label: string; delay?: number }
const steps: readonly Step[] = [{ label: 'Timeout Complete', delay: 0 }];

console.log('Script Start');

for (const { label, delay = 0 } of steps) {
  setTimeout((): void => {
    console.log(label);
  }, delay);
}

const resolved = <T,>(value: T): Promise<T> => Promise.resolve(value);
resolved<number>(1)
  .then((n: number): number => {
    console.log(`Promise Resolved ${n}`);
    return n + 1;
  })
  .then((n) => {
    console.log(`Promise Resolved ${n satisfies number}`);
  });

console.log('Script End');
