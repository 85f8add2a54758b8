/**
 * Whatever a caller hands to `detect()` — arrays, iterables, async iterables, Node Readable streams —
 * of event objects or of NDJSON text (strings or bytes), as one stream of event objects. Browser-safe.
 */
import { type MalformedEvent, readNdjson } from "./ndjson.js";
import { DEFAULT_EVENT_LIMITS, eventShapeProblem } from "./shape.js";

export type EventInput = Iterable<unknown> | AsyncIterable<unknown>;

export interface EventStreamOptions {
  /** Told about every malformed NDJSON line (text input only); the stream goes on. */
  readonly onMalformed?: (malformed: MalformedEvent) => void;
  /** Throw on the first malformed NDJSON line instead. */
  readonly strict?: boolean;
  /** Label for malformed-line reports (default "<stream>"). */
  readonly source?: string;
  /** Deepest nesting of objects and arrays in one event (default 1000); deeper or cyclic events are malformed. */
  readonly maxDepth?: number;
}

function isTextChunk(value: unknown): value is string | Uint8Array {
  return typeof value === "string" || value instanceof Uint8Array;
}

function iteratorOf(input: EventInput): AsyncIterator<unknown> | Iterator<unknown> {
  if (Symbol.asyncIterator in input) return (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return (input as Iterable<unknown>)[Symbol.iterator]();
}

async function* rest<T>(first: T, iterator: AsyncIterator<unknown> | Iterator<unknown>): AsyncGenerator<T> {
  yield first;
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value as T;
}

/**
 * Event objects from `input`. Text input (decided by the first item) is read as NDJSON; object input
 * passes through, and items that are not objects are reported as malformed rather than dropped silently.
 */
export async function* eventStream(
  input: EventInput,
  options: EventStreamOptions = {},
): AsyncGenerator<object> {
  const iterator = iteratorOf(input);
  const first = await iterator.next();
  if (first.done) return;
  if (isTextChunk(first.value)) {
    const chunks = rest(first.value, iterator) as AsyncGenerator<string | Uint8Array>;
    for await (const { event } of readNdjson(chunks, { ...options, source: options.source ?? "<stream>" }))
      yield event;
    return;
  }
  let position = 0;
  const maxDepth = options.maxDepth ?? DEFAULT_EVENT_LIMITS.maxDepth;
  for await (const item of rest(first.value, iterator)) {
    position += 1;
    const isObject = typeof item === "object" && item !== null && !Array.isArray(item);
    // Objects from the caller may be cyclic or shared: the full check, not the JSON fast path.
    const problem = isObject ? checkShape(item, maxDepth) : undefined;
    if (isObject && problem === undefined) {
      yield item;
      continue;
    }
    const malformed: MalformedEvent = {
      source: options.source ?? "<stream>",
      line: position,
      ...(problem ?? { reason: `item ${position} is not an event object` }),
      excerpt: problem ? "" : describeItem(item),
    };
    if (options.strict) throw new Error(`${malformed.source}:${malformed.line}: ${malformed.reason}`);
    options.onMalformed?.(malformed);
  }
}

/** A short text for a non-event item; never throws (symbols, objects without toString). */
function describeItem(item: unknown): string {
  try {
    return String(item).slice(0, 80);
  } catch {
    return typeof item;
  }
}

/** The shape check, with an accessor of the caller's object that throws reported as the problem. */
function checkShape(item: object, maxDepth: number): { reason: string } | undefined {
  try {
    return eventShapeProblem(item, maxDepth);
  } catch (error) {
    return { reason: `reading the event failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
