// V8's words for acorn's bare "Unexpected token": V8 names what it found (Node prints
// "SyntaxError: Unexpected token ';'", "Unexpected identifier 'bar'", "Unexpected number",
// "Unexpected string", "Unexpected end of input"). Pure: reads the source at the error position.

const KEYWORDS = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public'.split(' '),
);
// Longest first, so '>>>=' wins over '>'.
const PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '**', '{', '}', '(', ')', '[', ']', ';', ',', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '?', ':', '=', '.', '@', '#'];

export function v8UnexpectedToken(source: string, pos: number): string {
  let i = pos;
  while (i < source.length && /\s/.test(source[i])) i++;
  if (i >= source.length) return 'Unexpected end of input';
  const c = source[i];
  if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) return 'Unexpected number';
  if (c === '"' || c === "'") return 'Unexpected string';
  if (c === '`') return 'Unexpected template string';
  const word = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/u.exec(source.slice(i, i + 256));
  if (word) return KEYWORDS.has(word[0]) ? `Unexpected token '${word[0]}'` : `Unexpected identifier '${word[0]}'`;
  for (const p of PUNCTUATORS) if (source.startsWith(p, i)) return `Unexpected token '${p}'`;
  return 'Invalid or unexpected token';
}
