/**
 * Dates as Elasticsearch reads them (spec §5.2, §6.2, §6.6): `strict_date_optional_time||epoch_millis`,
 * UTC unless the value carries an offset, and date math. Instants are bigint nanoseconds since the epoch
 * so that `date_nanos` keeps all nine fraction digits.
 */
export type Instant = bigint;

const NS_PER_MS = 1_000_000n;

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const EPOCH_MILLIS = /^-?\d+$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO-8601 date of Elasticsearch's `strict_date_optional_time`. `roundUp` fills the parts not
 * written the way Elasticsearch's round-up parser does: month and day stay 01, time parts and fraction
 * take their maxima (`2024-05-10` → 23:59:59.999999999, `2024-05` → 2024-05-01T23:59:59.999999999).
 */
export function parseIsoDate(text: string, roundUp: boolean): Instant | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? (roundUp ? 23 : 0) : Number(m[4]);
  const minute = m[5] === undefined ? (roundUp ? 59 : 0) : Number(m[5]);
  const second = m[6] === undefined ? (roundUp ? 59 : 0) : Number(m[6]);
  let nanos = 0n;
  if (m[7] !== undefined) nanos = BigInt(m[7].padEnd(9, "0"));
  else if (roundUp) nanos = 999_999_999n;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, 0);
  return BigInt(date.getTime()) * NS_PER_MS + nanos;
}

/** Epoch milliseconds as written (`1715299200000`); `roundUp` covers the whole millisecond. */
export function parseEpochMillis(text: string, roundUp: boolean): Instant | undefined {
  if (!EPOCH_MILLIS.test(text)) return undefined;
  return BigInt(text) * NS_PER_MS + (roundUp ? NS_PER_MS - 1n : 0n);
}

/** A date as a document holds it: an ISO string, epoch milliseconds as a number or digit string. */
export function indexDate(raw: unknown): Instant | undefined {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return undefined;
    const ms = Math.floor(raw);
    return BigInt(ms) * NS_PER_MS + BigInt(Math.round((raw - ms) * 1e6));
  }
  if (typeof raw !== "string") return undefined;
  return EPOCH_MILLIS.test(raw) ? parseEpochMillis(raw, false) : parseIsoDate(raw, false);
}

/** Millisecond resolution of `date` fields: truncate toward the past. */
export function toMillisResolution(instant: Instant): Instant {
  const rem = instant % NS_PER_MS;
  return instant - (rem < 0n ? rem + NS_PER_MS : rem);
}

const MATH_STEP = /([+-])(\d*)([yMwdhHms])|\/([yMwdhHms])/y;

/**
 * A date-math expression (`now-5m`, `now/d`, `2024-05-10||+1d/M`) or a plain date, as a function of the
 * clock. `roundUp` chooses the upper end of the bound's span (for `gt`/`lte`). Undefined when the text
 * is not a date Elasticsearch accepts.
 */
export function parseDateMath(text: string, roundUp: boolean): ((now: Instant) => Instant) | undefined {
  let anchor: ((now: Instant) => Instant) | undefined;
  let math: string;
  if (text.startsWith("now")) {
    anchor = (now) => now;
    math = text.slice(3);
  } else {
    const bar = text.indexOf("||");
    if (bar < 0) {
      const fixed = parseEpochMillis(text, roundUp) ?? parseIsoDate(text, roundUp);
      return fixed === undefined ? undefined : () => fixed;
    }
    const anchorText = text.slice(0, bar);
    // Followed by math, the anchor is read at its lower end (Elasticsearch's JavaDateMathParser).
    const fixed = parseEpochMillis(anchorText, false) ?? parseIsoDate(anchorText, false);
    if (fixed === undefined) return undefined;
    anchor = () => fixed;
    math = text.slice(bar + 2);
  }
  const steps: MathStep[] = [];
  MATH_STEP.lastIndex = 0;
  while (MATH_STEP.lastIndex < math.length) {
    const at = MATH_STEP.lastIndex;
    const m = MATH_STEP.exec(math);
    if (!m || m.index !== at) return undefined;
    if (m[4] !== undefined) steps.push({ kind: "round", unit: m[4] as Unit });
    else
      steps.push({ kind: "add", amount: (m[1] === "-" ? -1 : 1) * Number(m[2] || "1"), unit: m[3] as Unit });
  }
  const start = anchor;
  return (now) => applyMath(start(now), steps, roundUp);
}

type Unit = "y" | "M" | "w" | "d" | "h" | "H" | "m" | "s";
type MathStep =
  | { readonly kind: "add"; readonly amount: number; readonly unit: Unit }
  | { readonly kind: "round"; readonly unit: Unit };

function applyMath(instant: Instant, steps: readonly MathStep[], roundUp: boolean): Instant {
  if (steps.length === 0) return instant;
  let ms = Number(instant / NS_PER_MS);
  let subMs = instant % NS_PER_MS;
  for (const step of steps) {
    const d = new Date(ms);
    if (step.kind === "add") {
      addUnits(d, step.unit, step.amount);
      ms = d.getTime();
      continue;
    }
    truncateTo(d, step.unit);
    subMs = 0n;
    if (roundUp) {
      addUnits(d, step.unit, 1);
      ms = d.getTime() - 1;
    } else {
      ms = d.getTime();
    }
  }
  return BigInt(ms) * NS_PER_MS + subMs;
}

function addUnits(d: Date, unit: Unit, n: number): void {
  switch (unit) {
    case "y":
      d.setUTCFullYear(d.getUTCFullYear() + n);
      return;
    case "M":
      d.setUTCMonth(d.getUTCMonth() + n);
      return;
    case "w":
      d.setUTCDate(d.getUTCDate() + 7 * n);
      return;
    case "d":
      d.setUTCDate(d.getUTCDate() + n);
      return;
    case "h":
    case "H":
      d.setTime(d.getTime() + n * 3_600_000);
      return;
    case "m":
      d.setTime(d.getTime() + n * 60_000);
      return;
    case "s":
      d.setTime(d.getTime() + n * 1000);
      return;
  }
}

function truncateTo(d: Date, unit: Unit): void {
  switch (unit) {
    case "y":
      d.setUTCMonth(0, 1);
      d.setUTCHours(0, 0, 0, 0);
      return;
    case "M":
      d.setUTCDate(1);
      d.setUTCHours(0, 0, 0, 0);
      return;
    case "w": {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      d.setUTCDate(d.getUTCDate() - sinceMonday);
      d.setUTCHours(0, 0, 0, 0);
      return;
    }
    case "d":
      d.setUTCHours(0, 0, 0, 0);
      return;
    case "h":
    case "H":
      d.setUTCMinutes(0, 0, 0);
      return;
    case "m":
      d.setUTCSeconds(0, 0);
      return;
    case "s":
      d.setUTCMilliseconds(0);
      return;
  }
}

/** The clock option (`Date`, ISO string or epoch ms) as an instant; undefined when unusable. */
export function instantFromClock(now: Date | string | number): Instant | undefined {
  if (now instanceof Date) return Number.isNaN(now.getTime()) ? undefined : BigInt(now.getTime()) * NS_PER_MS;
  if (typeof now === "number") return Number.isFinite(now) ? BigInt(Math.trunc(now)) * NS_PER_MS : undefined;
  return indexDate(now);
}

export function currentInstant(): Instant {
  return BigInt(Date.now()) * NS_PER_MS;
}
