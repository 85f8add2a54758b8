/**
 * Orders strings by Unicode code point, as Elasticsearch orders keyword terms (UTF-8 bytes). JavaScript's
 * `<` compares UTF-16 code units, which differs only when a surrogate pair meets a character above
 * U+E000; the fast path handles everything else.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
    }
    return x - y;
  }
  return a.length - b.length;
}
