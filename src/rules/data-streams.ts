/**
 * Fields whose value comes from the index rather than the document. In a Fleet data stream
 * (`<type>-<dataset>-<namespace>`) `data_stream.type/dataset/namespace` are constant_keyword fields set by
 * the index, and most integrations declare more (`event.dataset`, `event.module`, sometimes
 * `observer.vendor` …) in their base fields. Elasticsearch answers queries on them even when the
 * document lacks the key, so a rule such as `event.dataset: aws.cloudtrail` matches an event that never
 * carried `event.dataset`. This module derives those constants from an index name and fills them into
 * events that lack them.
 */
import { hasValue } from "./field-values.js";

/** Per dataset (`aws.cloudtrail`), the constant fields its index template declares (field → value). */
export type DataStreamTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface DataStreamName {
  readonly type: string;
  readonly dataset: string;
  readonly namespace: string;
}

const DATA_STREAM_TYPES = new Set(["logs", "metrics", "traces", "synthetics", "profiling"]);
const BACKING_INDEX = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d{6}$/;

/** `.ds-logs-x-default-2024.05.01-000001` → `logs-x-default`; undefined for other names. */
export function dataStreamOfBackingIndex(index: string): string | undefined {
  return BACKING_INDEX.exec(index)?.[1];
}

/** `logs-aws.cloudtrail-default` → its three parts; undefined when the name is not a Fleet data stream. */
export function parseDataStreamName(index: string): DataStreamName | undefined {
  const name = dataStreamOfBackingIndex(index) ?? index;
  const first = name.indexOf("-");
  const last = name.lastIndexOf("-");
  if (first <= 0 || last <= first + 1 || last === name.length - 1) return undefined;
  const type = name.slice(0, first);
  if (!DATA_STREAM_TYPES.has(type)) return undefined;
  return { type, dataset: name.slice(first + 1, last), namespace: name.slice(last + 1) };
}

/** The constant fields of an index: the data stream's name parts plus the table's entries for its dataset. */
export function indexConstants(index: string, table: DataStreamTable): Readonly<Record<string, string>> {
  const stream = parseDataStreamName(index);
  if (!stream) return {};
  return {
    ...(table[stream.dataset] ?? {}),
    // The name is the authority for these three, whatever a table says.
    "data_stream.type": stream.type,
    "data_stream.dataset": stream.dataset,
    "data_stream.namespace": stream.namespace,
  };
}

/**
 * The event with the constants it lacks added as dotted keys (the document model reads `a.b` keys and
 * nested objects alike). The input is not modified; without anything to add it is returned as is.
 */
export function withConstants(event: object, constants: Readonly<Record<string, string>>): object {
  return withConstantEntries(event, Object.entries(constants));
}

/** withConstants with the constants as entries, listed once per index rather than once per event. */
export function withConstantEntries(
  event: object,
  constants: readonly (readonly [string, string])[],
): object {
  let added: Record<string, string> | undefined;
  for (const [field, value] of constants) {
    if (hasValue(event, field)) continue;
    added ??= {};
    added[field] = value;
  }
  return added ? { ...event, ...added } : event;
}
