import type { FieldType } from "./field-types.js";

/** How a name came to have a type. */
export type FieldOrigin =
  /** Listed in the schema under exactly this name. */
  | "declared"
  /** A multi-field such as `process.name.text`: its own type, values read from the parent. */
  | "multi-field"
  /** `<keyword>.caseless`: a keyword with a lowercase normalizer over the parent's values (spec §11). */
  | "caseless"
  /** Matched a `*` path pattern of the schema (e.g. `o365.audit.Parameters.*`). */
  | "pattern"
  /** A sub-key of an `object` with `object_type` (e.g. `winlog.event_data.*` → keyword). */
  | "object-type"
  /** A key inside a `flattened` field: an untyped keyword the data view does not list (spec §11). */
  | "flattened-key"
  /** Not in the schema: typed from the event value by the dynamic-mapping default (spec §5.4). */
  | "dynamic";

/** Everything the compiler needs to know about one searchable field. */
export interface FieldInfo {
  /** The dotted name as queried, e.g. `process.name.caseless`. */
  readonly name: string;
  /** The mapping type of the field in the index of the event (decides how values compare). */
  readonly type: FieldType;
  /** The types across all indices of the rule (decides which query Kibana builds); default `[type]`. */
  readonly esTypes: readonly FieldType[];
  /** `esTypes` is exactly `["keyword"]`: Kibana sends `term` / one `wildcard` query (spec §4.1). */
  readonly keywordOnly: boolean;
  readonly origin: FieldOrigin;
  /** Dotted path the values are read from (a multi-field reads its parent). */
  readonly valuePath: string;
  /** `lowercase` for `.caseless` sub-fields: applied to indexed and query values alike. */
  readonly normalizer: "lowercase" | undefined;
  /** Path of the nearest `nested` ancestor, if any. */
  readonly nestedPath: string | undefined;
  /** False for `index: false` fields (and sub-keys of `dynamic: false` objects): nothing matches them. */
  readonly searchable: boolean;
  /** Keyword values longer than this are kept in `_source` but not indexed (spec §11). */
  readonly ignoreAbove: number | undefined;
  /** `scaled_float` scaling factor. */
  readonly scalingFactor: number | undefined;
  /** Kibana's data view lists the field (false for keys of flattened fields), so conversion is typed. */
  readonly inDataView: boolean;
}

/** What a dotted name denotes in a schema. */
export type FieldResolution =
  | { readonly kind: "field"; readonly field: FieldInfo }
  /** An object path: declared `object`, or a prefix of declared names. Holds sub-fields, no values. */
  | { readonly kind: "object"; readonly path: string; readonly nestedPath: string | undefined }
  /** A path mapped `nested`: its elements are separate hidden documents (spec §5.3). */
  | { readonly kind: "nested"; readonly path: string; readonly nestedPath: string | undefined }
  /** Not in the schema at all. */
  | { readonly kind: "unmapped"; readonly name: string; readonly nestedPath: string | undefined };
