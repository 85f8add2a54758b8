/**
 * Durations in rule keys: `interval = "5m"` and date math of the form `now-9m` (`from`,
 * `history_window_start`). Only `now-<n><unit>` is meaningful for these keys; anything else is refused
 * when the rule loads rather than misread later.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;
const NOW_MINUS = /^now-(\d+)(ms|s|m|h|d|w)$/;

/** `5m` → 300000; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
}

/** `now-9m` → 540000 (how far before "now" the window starts); undefined when not of that form. */
export function parseLookback(text: string): number | undefined {
  const match = NOW_MINUS.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
}
