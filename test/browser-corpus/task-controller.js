// TaskController and TaskSignal: a task posted with a TaskSignal (and no priority of its own) follows
// the signal's priority; setPriority moves the queued tasks (where their age puts them in the new
// queue), then fires prioritychange; TaskSignal.any; the errors.
const log = (...a) => console.log(...a);
const controller = new TaskController({ priority: 'background' });
log(controller.signal.priority, controller.signal instanceof AbortSignal, Object.getOwnPropertyNames(TaskSignal.prototype), Object.getOwnPropertyNames(TaskController.prototype));
controller.signal.addEventListener('prioritychange', (e) => log('prioritychange', e.previousPriority, '->', e.target.priority, e.constructor.name));
scheduler.postTask(() => log('task A (signal)'), { signal: controller.signal });
scheduler.postTask(() => log('task B user-visible'));
scheduler.postTask(() => log('task C user-blocking'), { priority: 'user-blocking' });
controller.setPriority('user-blocking');
log('after setPriority', controller.signal.priority);
const c2 = new TaskController();
scheduler.postTask(() => log('aborted task'), { signal: c2.signal }).catch((e) => log('rejected', e.name));
c2.abort();
try { controller.setPriority('nope'); } catch (e) { log(e.name, e.message); }
try { new TaskController({ priority: 'x' }); } catch (e) { log(e.name, e.message); }
scheduler.postTask(() => log('task D with priority option overrides'), { signal: new TaskController({ priority: 'background' }).signal, priority: 'user-blocking' });
const s = TaskSignal.any([c2.signal], { priority: 'background' });
log(s.priority, s.aborted);
setTimeout(() => {
const c = new TaskController({ priority: 'user-blocking' });
scheduler.postTask(() => log('1 follows: user-blocking → background'), { signal: c.signal });
scheduler.postTask(() => log('2 background'), { priority: 'background' });
scheduler.postTask(() => log('3 user-visible'));
setTimeout(() => log('4 timeout 0'), 0);
c.setPriority('background');
const d = new TaskController({ priority: 'background' });
scheduler.postTask(() => log('5 follows: background → user-visible'), { signal: d.signal });
scheduler.postTask(() => log('6 user-visible'));
d.setPriority('user-visible');
const e = new TaskController();
scheduler.postTask(() => log('7 follows: user-visible → user-blocking'), { signal: e.signal, delay: 5 });
setTimeout(() => { e.setPriority('user-blocking'); scheduler.postTask(() => log('8 user-blocking posted at 2')); }, 2);
e.signal.onprioritychange = (ev) => { log('onprioritychange', ev.previousPriority, e.signal.priority, ev.isTrusted); try { e.setPriority('background'); } catch (err) { log(err.name, err.message); } };
const f = new TaskController();
scheduler.postTask(() => log('never'), { signal: f.signal }).catch((err) => log('aborted', err.name));
f.abort();
log(c.signal.priority, d.signal.priority, c instanceof AbortController, c.signal instanceof AbortSignal, Object.prototype.toString.call(c.signal));
}, 50);
