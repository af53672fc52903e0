// EventTarget subclasses, Event subclasses, CustomEvent detail and cancel, MouseEvent from click() and dispatchEvent.
class Emitter extends EventTarget {
  fire(n) { return this.dispatchEvent(new CustomEvent('tick', { detail: n, cancelable: true })); }
}
const em = new Emitter();
em.addEventListener('tick', (e) => { console.log('tick', e.detail, e.target === em, this === window); if (e.detail === 2) e.preventDefault(); });
console.log(em.fire(1), em.fire(2), em instanceof EventTarget, typeof em.addEventListener);
class MyEvent extends Event { constructor(x) { super('my', { bubbles: true }); this.x = x; } }
const ev = new MyEvent(5);
em.addEventListener('my', (e) => console.log('my event', e.x, e instanceof MyEvent, e instanceof Event, e.bubbles));
em.dispatchEvent(ev);
try { em.dispatchEvent({ type: 'fake' }); } catch (e) { console.log(e.name, e.message); }
try { new Event(); } catch (e) { console.log(e.name, e.message); }
const target = new EventTarget();
target.addEventListener('ping', function () { console.log('this is target', this === target); });
target.dispatchEvent(new Event('ping'));
const btn = document.createElement('button');
btn.addEventListener('click', (e) => console.log('clicked', e.type, e.constructor.name, e.detail, e.isTrusted));
btn.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 3 }));
btn.click();
console.log(Event.AT_TARGET, ev.eventPhase, ev.target === em, ev.currentTarget);
