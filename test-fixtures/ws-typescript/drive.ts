interface Job { id: number; label: string }
const jobs: Job[] = [{ id: 1, label: 'first' }, { id: 2, label: 'second' }];
console.log('start' as string);
const run = async <T extends Job>(job: T): Promise<T> => { await null; console.log(`ran ${job.label}`); return job; };
setTimeout((): void => { console.log(total!); }, 0);
enum Phase { Sync, Micro }
run(jobs[0]).then((j: Job) => console.log('then', Phase[Phase.Micro], j.id));
let total: number = jobs.length;
console.log(`end ${String(total satisfies number)}`);
function early(): number { return later; }
try { early(); } catch (e: unknown) { console.log((e as Error).name); }
const later: number = 1;
