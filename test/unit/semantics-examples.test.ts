// What public example and quiz collections exercise (issue 9; measured locally with
// test/external/run-examples.mjs): V8's exact TypeError texts for destructuring null/undefined and
// non-iterables. Each program's simulated stdout must equal real Node's.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('destructuring errors name what V8 names', {
  'object patterns: a default on the first property, nested patterns, computed and rest first': `
    const tries = {
      plainParam: () => { function f({ side }) {} f(); },
      defaultParam: () => { function f({ side = 3, other = 4 }) { return side * other; } f(); },
      defaultSecond: () => { function f({ w, h = 2 }) {} f(); },
      defaultAfterDefault: () => { function f({ w = 1 } = {}) {} f(null); },
      nullParam: () => { function f({ q }) {} f(null); },
      named: () => { let box; const { lid } = box; },
      member: () => { const shelf = {}; const { lid } = shelf.top; },
      call: () => { function none() {} const { lid } = none(); },
      defaultDecl: () => { const { lid = 0 } = undefined; },
      nested: () => { const { top: { lid } } = { top: undefined }; },
      nestedInArray: () => { const [{ lid }] = [null]; },
      nestedParam: () => { function f({ top: { lid } }) {} f({}); },
      computedFirst: () => { let box; const { ['k' + 1]: v } = box; },
      restFirst: () => { let box; const { ...all } = box; },
      empty: () => { let box; const {} = box; },
      forOf: () => { for (const { lid } of [undefined]); },
      forOfAssign: () => { let lid; for ({ lid } of [undefined]); },
      assign: () => { let lid; ({ lid } = null); },
      catchParam: () => { try { throw undefined; } catch ({ lid }) {} },
    };
    for (const [name, f] of Object.entries(tries)) {
      try { f(); console.log(name, 'no error'); } catch (e) { console.log(name, e.constructor.name, e.message); }
    }`,
  'the same inside async functions, around await': `
    async function run() {
      const tries = {
        awaited: async () => { const { lid } = await undefined; },
        awaitedDefault: async () => { const { lid = 1 } = await null; },
        awaitedArray: async () => { const [first] = await undefined; },
        afterAwait: async (x) => { await 0; const { lid } = x; },
        param: async ({ lid }) => { await 0; },
        forOf: async () => { for (const [a] of [7]) await a; },
      };
      for (const [name, f] of Object.entries(tries)) {
        try { await f(); console.log(name, 'no error'); } catch (e) { console.log(name, e.message); }
      }
    }
    run();`,
  'array patterns on non-iterables: a parameter names the value with its type': `
    const values = [undefined, null, 1, true, {}, () => 0, 5n];
    for (const v of values) {
      try { (function ([first]) {})(v); } catch (e) { console.log(e.message); }
      try { const [[inner]] = [v]; } catch (e) { console.log(e.message); }
      try { for (const [a] of [v]); } catch (e) { console.log(e.message); }
      try { try { throw v; } catch ([a]) {} } catch (e) { console.log(e.message); }
      try { const [x] = v; } catch (e) { console.log(e.message); }
    }`,
});
