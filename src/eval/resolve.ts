/**
 * The one field resolver for events (spec §5.1). A dotted path reaches the same values whether the event
 * spells it with nested objects, dotted keys or any mix (`{"process":{"parent.name":x}}`); arrays are
 * flattened at any depth; `null` contributes nothing. Only own properties are read, so keys such as
 * `__proto__` or `constructor` are plain data and nothing inherited is ever visited.
 *
 * Paths are split once (`compilePath`); walking an event allocates nothing.
 *
 * Inside an event scope (`beginEventScope`, used by RuleSet.match while hundreds of rules look at one
 * event) the scalars of each path are collected once and memoised on the path itself; compiled paths
 * are interned by name, so every rule reading `event.action` shares that one resolution.
 */
export type Scalar = string | number | boolean;

const hasOwn = Object.prototype.hasOwnProperty;

export interface FieldPath {
  readonly dotted: string;
  readonly length: number;
  /** `keys[i][k]` is segments i..i+k joined with dots: every spelling of the rest of the path from i. */
  readonly keys: readonly (readonly string[])[];
  /** The scope in which `memo` was filled (0: never). Mutable: the per-event memo lives here. */
  memoScope: number;
  /** How many entries of `memo` belong to that scope (the array is reused, never truncated). */
  memoCount: number;
  /** The path's scalars in the scoped event, arrays flattened. */
  readonly memo: Scalar[];
}

/** Interning bound: beyond it paths are still correct, only no longer shared between queries. */
const MAX_INTERNED = 50_000;
const interned = new Map<string, FieldPath>();

export function compilePath(dotted: string): FieldPath {
  const known = interned.get(dotted);
  if (known) return known;
  const segments = dotted.split(".");
  const keys = segments.map((_, i) =>
    segments.slice(i).map((__, k) => segments.slice(i, i + k + 1).join(".")),
  );
  const path: FieldPath = { dotted, length: segments.length, keys, memoScope: 0, memoCount: 0, memo: [] };
  if (interned.size < MAX_INTERNED) interned.set(dotted, path);
  return path;
}

/** The event whose field values are memoised, and a counter that invalidates every memo at once. */
let scopeDoc: object | undefined;
let scopeId = 0;

/**
 * Memoise field values of `doc` until `endEventScope`. The caller promises not to change the event in
 * between (RuleSet.match holds the scope only while it evaluates rules, never across a yield). Returns
 * the enclosing scope's event, for `endEventScope`, so scopes nest.
 */
export function beginEventScope(doc: object): object | undefined {
  const outer = scopeDoc;
  scopeDoc = doc;
  scopeId++;
  return outer;
}

export function endEventScope(outer: object | undefined): void {
  scopeDoc = outer;
  // A new id: memos filled for the inner event must not be taken for the outer one.
  scopeId++;
}

/**
 * Memoises the path's scalars in the scoped event (when `doc` is it) and returns how many there are:
 * they are `path.memo[0 .. count)`. Returns -1 when `doc` is not the scoped event.
 */
export function scopedCount(doc: unknown, path: FieldPath): number {
  if (doc !== scopeDoc || doc === undefined) return -1;
  if (path.memoScope !== scopeId) {
    path.memoCount = collectScalars(doc, path, 0, path.memo, 0);
    path.memoScope = scopeId;
  }
  return path.memoCount;
}

/** The path's scalars in `doc` (a fresh array: for callers outside the hot path). */
export function scalarsOf(doc: unknown, path: FieldPath): Scalar[] {
  const out: Scalar[] = [];
  out.length = collectScalars(doc, path, 0, out, 0);
  return out;
}

/** `walk` + `someScalar` without callbacks: stores every scalar at the path from `out[n]`; the new n. */
function collectScalars(node: unknown, path: FieldPath, i: number, out: Scalar[], n: number): number {
  if (Array.isArray(node)) {
    for (const element of node) n = collectScalars(element, path, i, out, n);
    return n;
  }
  if (node === null || typeof node !== "object") return n;
  const row = path.keys[i] as readonly string[];
  const last = path.length - 1;
  for (let k = 0; k < row.length; k++) {
    const key = row[k] as string;
    if (!hasOwn.call(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    n = i + k === last ? storeScalars(child, out, n) : collectScalars(child, path, i + k + 1, out, n);
  }
  return n;
}

function storeScalars(value: unknown, out: Scalar[], n: number): number {
  if (Array.isArray(value)) {
    for (const element of value) n = storeScalars(element, out, n);
    return n;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[n++] = value;
  return n;
}

type Visit = (value: unknown) => boolean;

/** Calls `visit` with each raw value stored at the end of the path (arrays not yet flattened). */
function walk(node: unknown, path: FieldPath, i: number, visit: Visit): boolean {
  if (Array.isArray(node)) {
    for (const element of node) if (walk(element, path, i, visit)) return true;
    return false;
  }
  if (node === null || typeof node !== "object") return false;
  const row = path.keys[i] as readonly string[];
  const last = path.length - 1;
  for (let k = 0; k < row.length; k++) {
    const key = row[k] as string;
    if (!hasOwn.call(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (i + k === last ? visit(child) : walk(child, path, i + k + 1, visit)) return true;
  }
  return false;
}

function someScalar(value: unknown, test: (v: Scalar) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const element of value) if (someScalar(element, test)) return true;
    return false;
  }
  if (value === null || value === undefined || typeof value === "object") return false;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? test(value)
    : false;
}

/** True when the field has a scalar value at all (no callback, no allocation). */
export function hasScalar(node: unknown, path: FieldPath): boolean {
  return walk(node, path, 0, isSomeScalar);
}

const isSomeScalar = (value: unknown): boolean => someScalar(value, ANY_SCALAR);
const ANY_SCALAR = (): boolean => true;

/**
 * True when some scalar sits at the dotted path or anywhere below it, however the event spells the keys
 * (`{"file.hash.md5": x}`, `{"file": {"hash.md5": x}}` …): `someValueDeep` with any value, without
 * building a path string per key.
 */
export function hasScalarAtOrBelow(node: unknown, dotted: string): boolean {
  return below(node, dotted, 0);
}

/** `from`: where the unread rest of `target` starts; past its end, everything below counts. */
function below(node: unknown, target: string, from: number): boolean {
  if (Array.isArray(node)) {
    for (const element of node) if (below(element, target, from)) return true;
    return false;
  }
  if (from > target.length) return someLeaf(node, ANY_SCALAR);
  if (node === null || typeof node !== "object") return false;
  const rest = target.length - from;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (key.length <= rest) {
      // The key is the next chunk of the target (a whole number of its segments).
      if (!target.startsWith(key, from)) continue;
      if (key.length < rest && target.charCodeAt(from + key.length) !== 46) continue;
      if (below(child, target, from + key.length + 1)) return true;
    } else if (key.charCodeAt(rest) === 46 && sameChars(key, target, from, rest)) {
      // The key runs past the target at a dot: everything in it is below.
      if (someLeaf(child, ANY_SCALAR)) return true;
    }
  }
  return false;
}

function sameChars(key: string, target: string, from: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (key.charCodeAt(i) !== target.charCodeAt(from + i)) return false;
  return true;
}

/** True when some scalar value of the field satisfies `test` (objects at the path are not values). */
export function someValue(node: unknown, path: FieldPath, test: (v: Scalar) => boolean): boolean {
  const count = scopedCount(node, path);
  if (count >= 0) {
    const values = path.memo;
    for (let i = 0; i < count; i++) if (test(values[i] as Scalar)) return true;
    return false;
  }
  return someValueFrom(node, path, 0, test);
}

/** `walk` + `someScalar` without a closure per call (this runs once per clause per event). */
function someValueFrom(node: unknown, path: FieldPath, i: number, test: (v: Scalar) => boolean): boolean {
  if (Array.isArray(node)) {
    for (const element of node) if (someValueFrom(element, path, i, test)) return true;
    return false;
  }
  if (node === null || typeof node !== "object") return false;
  const row = path.keys[i] as readonly string[];
  const last = path.length - 1;
  for (let k = 0; k < row.length; k++) {
    const key = row[k] as string;
    if (!hasOwn.call(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (i + k === last ? someScalar(child, test) : someValueFrom(child, path, i + k + 1, test)) return true;
  }
  return false;
}

/** Every scalar anywhere below `value` (flattened fields, exists on an object path). */
export function someLeaf(value: unknown, test: (v: Scalar) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const element of value) if (someLeaf(element, test)) return true;
    return false;
  }
  if (value === null || value === undefined) return false;
  if (typeof value === "object") {
    for (const key of Object.keys(value))
      if (someLeaf((value as Record<string, unknown>)[key], test)) return true;
    return false;
  }
  return someScalar(value, test);
}

/**
 * True when some scalar at the path or anywhere below it satisfies `test` (flattened fields, exists on
 * an object path). Dotted keys may start above the path (`{"o.k": 1}` is below `o`), so this walks the
 * event with full paths, pruned to the branches that can lead there.
 */
export function someValueDeep(node: unknown, path: FieldPath, test: (v: Scalar) => boolean): boolean {
  const target = path.dotted;
  const below = `${target}.`;
  return someLeafWithPath(
    node,
    (leafPath, value) => (leafPath === target || leafPath.startsWith(below)) && test(value),
    (p) => p === target || p.startsWith(below) || below.startsWith(`${p}.`),
  );
}

/** True when some object at the path (array elements flattened) satisfies `test`: nested elements. */
export function someObject(node: unknown, path: FieldPath, test: (element: object) => boolean): boolean {
  const visitObjects = (value: unknown): boolean => {
    if (Array.isArray(value)) {
      for (const element of value) if (visitObjects(element)) return true;
      return false;
    }
    return value !== null && typeof value === "object" ? test(value) : false;
  };
  return walk(node, path, 0, visitObjects);
}

/** The first value at the path that is not null or an array: the sample dynamic mapping types by. */
export function firstValue(node: unknown, path: FieldPath): Scalar | object | undefined {
  let found: Scalar | object | undefined;
  const first = (value: unknown): boolean => {
    if (Array.isArray(value)) {
      for (const element of value) if (first(element)) return true;
      return false;
    }
    if (value === null || value === undefined) return false;
    found = value as Scalar | object;
    return true;
  };
  walk(node, path, 0, first);
  return found;
}

/**
 * Visits every scalar of the event with its full dotted path; `enter(path)` may refuse to descend into
 * a key (pruning). Stops and returns true as soon as `visit` returns true.
 */
export function someLeafWithPath(
  node: unknown,
  visit: (path: string, value: Scalar) => boolean,
  enter: (path: string) => boolean = () => true,
  prefix = "",
): boolean {
  if (Array.isArray(node)) {
    for (const element of node) if (someLeafWithPath(element, visit, enter, prefix)) return true;
    return false;
  }
  if (node === null || node === undefined) return false;
  if (typeof node === "object") {
    for (const key of Object.keys(node)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (!enter(path)) continue;
      if (someLeafWithPath((node as Record<string, unknown>)[key], visit, enter, path)) return true;
    }
    return false;
  }
  return typeof node === "string" || typeof node === "number" || typeof node === "boolean"
    ? visit(prefix, node)
    : false;
}
