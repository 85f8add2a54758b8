import { builtinSchema, type EsTypesMap, type FieldMap, Schema } from "../schema/schema.js";
import { instantFromClock } from "./dates.js";
import { KqlCompileError } from "./errors.js";
import { type CompileLimits, compileLimits } from "./limits.js";
import type { PlanOptions } from "./plan.js";

/** Options of `compileQuery`. */
export interface CompileOptions {
  /** Field definitions merged over the schema (the built-in ECS + integration schema by default). */
  readonly fields?: FieldMap;
  /**
   * Replaces the built-in schema: a `Schema` (from `createSchema`) or a field map that is then the whole
   * mapping — field-name patterns expand over exactly these names.
   */
  readonly schema?: Schema | FieldMap;
  /** A field's types across the rule's indices, when they differ (Kibana's `esTypes`, spec §4.1). */
  readonly esTypes?: EsTypesMap;
  /** The clock for date math (`now-5m`): a Date, an ISO string or epoch milliseconds. Default: read at evaluation. */
  readonly now?: Date | string | number;
  /** Fold case in term and wildcard queries on keyword-only fields (Kibana's opt-in `caseInsensitive`). */
  readonly caseInsensitive?: boolean;
  /**
   * `"elasticsearch"` (default): wildcard values split at whitespace wherever Kibana sends `query_string`
   * (spec §6.4). `"literal"`: every wildcard is one pattern with its spaces — not what Elasticsearch does.
   */
  readonly wildcardSpaces?: "elasticsearch" | "literal";
  /**
   * Fields in neither the schema nor the event's mapping: `"dynamic"` (default) types them from the event
   * value as Elasticsearch's dynamic mapping would (spec §5.4); `"nomatch"` follows a strict mapping,
   * where an unmapped field matches nothing.
   */
  readonly unmappedFields?: "dynamic" | "nomatch";
  /** Shorthand for `unmappedFields: "nomatch"`. */
  readonly strict?: boolean;
  /**
   * A query Kibana or Elasticsearch refuses (spec §6.3): `"throw"` (default) raises `KqlCompileError`;
   * `"nomatch"` returns a predicate that matches nothing, as the failing rule would.
   */
  readonly onEsError?: "throw" | "nomatch";
  /** Most comparisons in one query (default 250 000; docs/security.md). */
  readonly maxClauses?: number;
  /** Deepest query tree, for trees given directly (default 1000; docs/security.md). */
  readonly maxTreeDepth?: number;
}

/** A predicate over one event. */
export type Predicate = (event: object) => boolean;

export interface ResolvedOptions {
  readonly schema: Schema;
  readonly plan: PlanOptions;
  readonly dynamic: boolean;
  readonly limits: CompileLimits;
}

export function resolveOptions(options: CompileOptions): ResolvedOptions {
  const base =
    options.schema === undefined
      ? builtinSchema()
      : options.schema instanceof Schema
        ? options.schema
        : Schema.fromFields(options.schema);
  const schema = base.extend(options.fields, options.esTypes ? { esTypes: options.esTypes } : undefined);
  let now: bigint | undefined;
  if (options.now !== undefined) {
    now = instantFromClock(options.now);
    if (now === undefined) {
      throw new KqlCompileError(
        "KQL_INVALID_OPTION",
        `"now" must be a valid Date, ISO-8601 string or epoch ms`,
      );
    }
  }
  return {
    schema,
    plan: {
      caseInsensitive: options.caseInsensitive === true,
      now,
      wildcardSpaces: options.wildcardSpaces ?? "elasticsearch",
    },
    dynamic: !(options.strict === true || options.unmappedFields === "nomatch"),
    limits: compileLimits(options),
  };
}
