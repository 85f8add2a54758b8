/**
 * A stable, dependency-free id for alerts (browser-safe: no node:crypto). Two FNV-1a 32-bit hashes
 * with different seeds give 16 hex digits, plenty to tell alerts of one run apart.
 */
export function stableId(...parts: readonly string[]): string {
  const text = parts.join("\u0000");
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x01000193 ^ 0x5bd1e995);
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
