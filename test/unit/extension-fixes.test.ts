// The quick fixes' text edits (var → let, sequential awaits → Promise.all).
import { strict as assert } from 'assert';
import { awaitSpan, sequentialAwaitToPromiseAll, varToLet } from '../../src/extension/fixes';
import { bindingAt, formatBinding, hoverValueToMarkdown } from '../../src/extension/hoverFormat';

describe('extension quick fixes', () => {
  it('replaces the var of a for loop with let', () => {
    const lines = ['for (var i = 0; i < 3; i++) {', '  setTimeout(() => console.log(i), 0);', '}'];
    assert.deepEqual(varToLet(lines, [{ line: 0, column: 9 }]), { startLine: 0, startColumn: 5, endLine: 0, endColumn: 8, newText: 'let' });
    // A diagnostic on the captured use: the related declaration position is tried first.
    assert.deepEqual(varToLet(lines, [{ line: 1, column: 31 }, { line: 0, column: 9 }])?.startColumn, 5);
    assert.equal(varToLet(['let x = 1;'], [{ line: 0, column: 4 }]), undefined);
    assert.equal(varToLet(['const variable = 1;'], [{ line: 0, column: 6 }]), undefined);
  });

  it('wraps consecutive awaits in Promise.all', () => {
    const lines = ['async function main() {', '  const a = await getA();', '  const b = await getB(1, 2);', '  return a + b;', '}'];
    const span = awaitSpan(lines, 1, 1);
    assert.deepEqual(span, { from: 1, to: 2 });
    const e = sequentialAwaitToPromiseAll(lines, 1, 2)!;
    assert.equal(e.newText, '  const [a, b] = await Promise.all([getA(), getB(1, 2)]);');
    assert.deepEqual([e.startLine, e.startColumn, e.endLine, e.endColumn], [1, 0, 2, lines[2].length]);
  });

  it('handles awaits without bindings and refuses mixed declarations', () => {
    assert.equal(sequentialAwaitToPromiseAll(['await a();', 'await b();'], 0, 1)!.newText, 'await Promise.all([a(), b()]);');
    assert.equal(sequentialAwaitToPromiseAll(['const a = await x();', 'let b = await y();'], 0, 1), undefined);
    assert.equal(sequentialAwaitToPromiseAll(['const a = await x();', 'foo();'], 0, 1), undefined);
    assert.equal(awaitSpan(['foo();', 'bar();'], 0, 1), undefined);
  });
});

describe('extension hover (pure parts)', () => {
  it('accepts the shapes hoverAt may return', () => {
    assert.equal(hoverValueToMarkdown('**x**'), '**x**');
    assert.equal(hoverValueToMarkdown({ markdown: 'm' }), 'm');
    assert.equal(hoverValueToMarkdown(null), undefined);
    assert.equal(hoverValueToMarkdown(''), undefined);
  });

  it('finds the innermost binding and formats it', () => {
    const r = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });
    const outer = { id: 1, name: 'x', kind: 'var' as const, decl: r(1, 4, 1, 5), scope: 'module', scopeRange: r(1, 0, 20, 0), initialState: 'undefined' as const };
    const inner = { id: 2, name: 'x', kind: 'let' as const, decl: r(5, 6, 5, 7), scope: 'block (line 4)', scopeRange: r(4, 0, 8, 1), initialState: 'uninitialized' as const, tdz: r(4, 0, 5, 11), values: [{ step: 3, preview: '1' }] };
    assert.equal(bindingAt([outer, inner], 'x', 6, 2)?.id, 2);
    assert.equal(bindingAt([outer, inner], 'x', 10, 2)?.id, 1);
    assert.equal(bindingAt([outer, inner], 'y', 10, 2), undefined);
    const md = formatBinding(inner);
    assert.match(md, /\*\*x\*\* — `let` declared at line 5, hoisted to block \(line 4\)/);
    assert.match(md, /TDZ/);
    assert.match(md, /Values seen \(simulated\): `1`/);
  });
});
