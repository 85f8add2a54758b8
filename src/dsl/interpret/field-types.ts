import { parseCidr, parseIp } from "./ip.js";

/**
 * How each supported mapping type indexes a document value and reads a query value (spec 5.2, 6.2,
 * 6.6). A query value a type cannot read is `REJECT`: Elasticsearch fails the whole search (6.3).
 */

export const REJECT = Symbol("reject");

export interface TypeOps<T> {
  /** Index-time conversion of one source value; `undefined` when it yields nothing. */
  readonly index: (raw: unknown) => T | undefined;
  /** A `term`/`match` value → a test on indexed values. */
  readonly equality: (query: unknown) => ((value: T) => boolean) | typeof REJECT;
  /** A range bound → a number-like key comparable with `compare`. */
  readonly bound: (query: unknown) => T | typeof REJECT;
  readonly compare: (a: T, b: T) => number;
  /** Only string types take wildcard patterns; the others reject them. */
  readonly text: boolean;
}

/** JSON text of a scalar, as keyword fields index numbers and booleans. */
function scalarText(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return undefined;
}

/** Code-point order (Elasticsearch compares UTF-8 bytes), not JavaScript's UTF-16 order. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (ch) => ch.codePointAt(0) ?? 0);
  const right = Array.from(b, (ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

const STRING: TypeOps<string> = {
  index: scalarText,
  equality: (query) => {
    const text = scalarText(query);
    return text === undefined ? REJECT : (value) => value === text;
  },
  bound: (query) => scalarText(query) ?? REJECT,
  compare: compareCodePoints,
  text: true,
};

const NUMBER_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function readNumber(raw: unknown): number | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && NUMBER_TEXT.test(raw)) return Number(raw);
  return undefined;
}

/** Integer types truncate fractions at index time; a fractional query value matches nothing. */
const INTEGER: TypeOps<number> = {
  index: (raw) => {
    const value = readNumber(raw);
    return value === undefined ? undefined : Math.trunc(value);
  },
  equality: (query) => {
    const number = readNumber(query);
    if (number === undefined) return REJECT;
    return Number.isInteger(number) ? (value) => value === number : () => false;
  },
  bound: (query) => readNumber(query) ?? REJECT,
  compare: (a, b) => a - b,
  text: false,
};

const IP: TypeOps<bigint> = {
  index: (raw) => (typeof raw === "string" ? parseIp(raw) : undefined),
  equality: (query) => {
    if (typeof query !== "string") return REJECT;
    const address = parseIp(query);
    if (address !== undefined) return (value) => value === address;
    const block = parseCidr(query);
    if (block === undefined) return REJECT;
    const [low, high] = block;
    return (value) => value >= low && value <= high;
  },
  bound: (query) => (typeof query === "string" ? (parseIp(query) ?? REJECT) : REJECT),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  text: false,
};

function readBoolean(raw: unknown): boolean | undefined {
  if (raw === true || raw === "true") return true;
  if (raw === false || raw === "false" || raw === "") return false;
  return undefined;
}

const BOOLEAN: TypeOps<boolean> = {
  index: readBoolean,
  equality: (query) => {
    const wanted = readBoolean(query === "" ? undefined : query);
    return wanted === undefined ? REJECT : (value) => value === wanted;
  },
  bound: (query) => readBoolean(query) ?? REJECT,
  compare: (a, b) => Number(a) - Number(b),
  text: false,
};

/** Mapping type → its operations; types not listed are outside the interpreter's subset. */
export const TYPE_OPS: Readonly<Record<string, TypeOps<unknown>>> = {
  keyword: erase(STRING),
  constant_keyword: erase(STRING),
  wildcard: erase(STRING),
  long: erase(INTEGER),
  integer: erase(INTEGER),
  short: erase(INTEGER),
  byte: erase(INTEGER),
  ip: erase(IP),
  boolean: erase(BOOLEAN),
};

/** Callers only ever feed a type's own `index` results back into it, so its value type can be hidden. */
function erase<T>(ops: TypeOps<T>): TypeOps<unknown> {
  return ops as unknown as TypeOps<unknown>;
}
