/**
 * The shape limit every event reader applies before an event reaches the evaluator. The evaluator and the
 * alert writer walk events recursively; an event nested thousands of levels deep (easy to write in one
 * NDJSON line) or a cyclic object (possible through the API) would exhaust the stack. Such an event is
 * reported as malformed, with its position, and the stream goes on.
 *
 * The default follows Elasticsearch: its JSON parser refuses documents nested deeper than 1000 levels
 * (Jackson's `StreamReadConstraints.maxNestingDepth`, objects and arrays both count), so no deeper event
 * could have been indexed and searched.
 */

export interface EventLimits {
  /** Deepest nesting of objects and arrays in one event (the event object itself is level 1). */
  readonly maxDepth: number;
}

export const DEFAULT_EVENT_LIMITS: Readonly<EventLimits> = Object.freeze({ maxDepth: 1000 });

/** Stable codes of the shape problems (`MalformedEvent.code`). */
export type EventShapeCode = "EVENT_TOO_DEEP" | "EVENT_CYCLIC" | "EVENT_NOT_JSON";

export interface EventShapeProblem {
  readonly code: EventShapeCode;
  readonly reason: string;
}

/**
 * Undefined when the event is within the limits and holds only values JSON can carry (BigInt is the one
 * an API caller is likely to pass), else what is wrong. Iterative (it must not itself
 * overflow the stack) and linear in the event's size; objects shared between branches are walked once.
 */
export function eventShapeProblem(
  event: object,
  maxDepth: number = DEFAULT_EVENT_LIMITS.maxDepth,
): EventShapeProblem | undefined {
  // Each entry is an object to enter at a depth, or the marker that its subtree is done.
  const stack: { value: object; depth: number; leave: boolean }[] = [
    { value: event, depth: 1, leave: false },
  ];
  const open = new Set<object>();
  const done = new Set<object>();
  while (stack.length > 0) {
    const top = stack.pop() as { value: object; depth: number; leave: boolean };
    if (top.leave) {
      open.delete(top.value);
      done.add(top.value);
      continue;
    }
    if (done.has(top.value)) continue;
    if (top.depth > maxDepth) {
      return {
        code: "EVENT_TOO_DEEP",
        reason: `the event nests objects and arrays deeper than ${maxDepth} levels (limit maxDepth)`,
      };
    }
    open.add(top.value);
    stack.push({ value: top.value, depth: top.depth, leave: true });
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children) {
      // JSON has no BigInt and Elasticsearch could not have indexed one: say so rather than guess a number.
      if (typeof child === "bigint") {
        return {
          code: "EVENT_NOT_JSON",
          reason:
            "the event holds a BigInt value, which JSON and Elasticsearch cannot carry: convert it to a number or a string",
        };
      }
      if (child === null || typeof child !== "object") continue;
      if (open.has(child))
        return { code: "EVENT_CYCLIC", reason: "the event contains itself (a cyclic object)" };
      if (!done.has(child)) stack.push({ value: child, depth: top.depth + 1, leave: false });
    }
  }
  return undefined;
}

/**
 * The fast check for events just parsed from JSON, which can be neither cyclic nor shared: whether the
 * nesting exceeds `maxDepth`. Recursive, but it stops one level past the limit, so its own stack use is
 * bounded by the limit; it allocates nothing.
 */
export function jsonTooDeep(value: unknown, maxDepth: number = DEFAULT_EVENT_LIMITS.maxDepth): boolean {
  return deeperThan(value, maxDepth, 1);
}

function deeperThan(value: unknown, maxDepth: number, depth: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth > maxDepth) return true;
  if (Array.isArray(value)) {
    for (const element of value) if (deeperThan(element, maxDepth, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (deeperThan((value as Record<string, unknown>)[key], maxDepth, depth + 1)) return true;
  }
  return false;
}
