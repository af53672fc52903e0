// rxjs: Subjects, operators over timers (interval, debounceTime, switchMap, take, scan), from
// promises, combineLatest and firstValueFrom, on the virtual clock.
const { Subject, BehaviorSubject, interval, of, from, timer, combineLatest, firstValueFrom, lastValueFrom } = require('rxjs');
const { map, filter, take, scan, debounceTime, switchMap, mergeMap, delay, tap, catchError, retry } = require('rxjs/operators');

interval(100).pipe(take(4), map((n) => n * 10)).subscribe({ next: (v) => console.log('interval', v), complete: () => console.log('interval done') });
const input = new Subject();
input.pipe(debounceTime(60)).subscribe((v) => console.log('debounced', v));
['h', 'he', 'hel'].forEach((v, i) => setTimeout(() => input.next(v), i * 10));
setTimeout(() => input.next('hello'), 500);
const state = new BehaviorSubject(0);
state.pipe(scan((acc, v) => acc + v, 0)).subscribe((v) => console.log('sum', v));
state.next(5);
state.next(7);
of(1, 2, 3).pipe(filter((x) => x % 2), mergeMap((x) => from(Promise.resolve(x * 100)))).subscribe((v) => console.log('merged', v));
timer(650).pipe(switchMap(() => of('a', 'b').pipe(delay(10)))).subscribe((v) => console.log('switched', v));
combineLatest([timer(150).pipe(map(() => 'x')), timer(250).pipe(map(() => 'y'))]).subscribe((v) => console.log('combined', v));
let attempts = 0;
from(Promise.resolve())
  .pipe(
    tap(() => {
      attempts++;
      if (attempts < 3) throw new Error('boom ' + attempts);
    }),
    retry(3),
    map(() => 'ok after ' + attempts),
    catchError((e) => of('caught ' + e.message)),
  )
  .subscribe((v) => console.log(v));
firstValueFrom(timer(180).pipe(map(() => 'first'))).then((v) => console.log('firstValueFrom', v));
lastValueFrom(of(1, 2, 3)).then((v) => console.log('lastValueFrom', v));
console.log('subscribed');
