/** Obviously-correct backtracking definition: does `parts` (joined by `*`) match `value` exactly? */
export function naiveMatch(parts: readonly string[], value: string): boolean {
  const go = (k: number, pos: number): boolean => {
    const segment = parts[k] as string;
    if (!value.startsWith(segment, pos)) return false;
    const after = pos + segment.length;
    if (k === parts.length - 1) return after === value.length;
    for (let next = after; next <= value.length; next++) if (go(k + 1, next)) return true;
    return false;
  };
  return go(0, 0);
}
