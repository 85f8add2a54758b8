import fc from "fast-check";
import { expect } from "vitest";

// Generators and checks for hostile input: events whose keys are the names JavaScript gives meaning to,
// deep and wide shapes, odd numbers and unicode; and a check that nothing was written to a prototype.

/** Names with a meaning on every JavaScript object: they must behave as ordinary data everywhere. */
export const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
  "valueOf",
  "isPrototypeOf",
] as const;

/**
 * An object with exactly these own enumerable keys, `__proto__` included: assignment (`o[k] = v`) or an
 * object literal would set the prototype instead, which is what a JSON parser never does.
 */
export function dataObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Keys events are built from: query-visible names, prototype names, dotted spellings, odd text. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("a", "b", "k", "n", "o", "a.b", "o.k", "o.n", "ip", "msg") },
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "a.__proto__",
      "__proto__.a",
      "constructor.prototype",
      "o.constructor",
      "toString.x",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("", ".", "a.", ".a", "a..b", "*", "é", "😀", "\u0000", "a b") },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Scalars JSON can carry, with the spellings that trip numeric and text handling. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "x",
      "hello world",
      "1",
      "-0",
      "1e3",
      " 7 ",
      "0x10",
      "NaN",
      "Infinity",
      "10.0.0.1",
      "::ffff:10.0.0.1",
      "2024-05-10T12:00:00Z",
      "",
      "*",
      "\\",
      '"',
      "true",
      "null",
      "__proto__",
      "constructor",
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 2 ** 53, -(2 ** 63), 1e308, 5e-324) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/**
 * Keys Elasticsearch can index: no empty dotted segment. It refuses `""`, `.a`, `a.` and `a..b` as field
 * names, so for those the library promises only not to fail (docs/security.md), not a particular answer.
 */
export const indexableKey: fc.Arbitrary<string> = hostileKey.filter((key) => !key.split(".").includes(""));

/** JSON-shaped values with keys from `key`: deep and wide objects, arrays of arrays, empty containers, nulls. */
export function valueWithKeys(key: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: hostileScalar },
      { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
      {
        weight: 2,
        arbitrary: fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map(dataObject),
      },
      { weight: 1, arbitrary: fc.constantFrom({}, [], [[]], [null], [{}]) },
    ),
  })).value;
}

/** A random event with keys from `key` (every hostile key by default). */
export function eventWithKeys(key: fc.Arbitrary<string> = hostileKey): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(key, valueWithKeys(key)), { maxLength: 8 }).map(dataObject);
}

/** A random event: a JSON object whose keys and values are hostile. */
export const hostileEvent = eventWithKeys();

/** An event as it arrives on the wire: serialised and parsed back (what NDJSON readers give). */
export function onTheWire(event: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
}

/**
 * Whether Elasticsearch could map the event: no dotted path is both a value and an object (`{"a": 1,
 * "a.b": 2}`, `{"a": [{}, 1]}` fail with a mapping conflict). Only for such events do the evaluators
 * promise one answer.
 */
export function mappable(event: object): boolean {
  const values = new Set<string>();
  const objects = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element, path);
    } else if (value !== null && typeof value === "object") {
      if (path !== "") objects.add(path);
      for (const [key, inner] of Object.entries(value)) visit(inner, path === "" ? key : `${path}.${key}`);
    } else if (value !== null) {
      values.add(path);
    }
  };
  visit(event, "");
  for (const path of [...values, ...objects]) {
    const segments = path.split(".");
    for (let i = 1; i < segments.length; i++) objects.add(segments.slice(0, i).join("."));
  }
  for (const path of values) if (objects.has(path)) return false;
  return true;
}

/** A hostile event Elasticsearch could index, as it arrives on the wire. */
export const indexableJsonEvent = eventWithKeys(indexableKey).map(onTheWire).filter(mappable);

/** The properties of the built-in prototypes, taken before a test: compare with `expectPrototypesUntouched`. */
export function prototypeSnapshot(): Map<object, string[]> {
  const snapshot = new Map<object, string[]>();
  for (const proto of [Object.prototype, Array.prototype, Function.prototype, String.prototype]) {
    snapshot.set(proto, Reflect.ownKeys(proto).map(String).sort());
  }
  return snapshot;
}

/** Fails when a property was added to (or removed from) a built-in prototype since the snapshot. */
export function expectPrototypesUntouched(before: Map<object, string[]>): void {
  for (const [proto, keys] of before) expect(Reflect.ownKeys(proto).map(String).sort()).toEqual(keys);
  expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
}
