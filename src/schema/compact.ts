import type { FieldType } from "./field-types.js";

/**
 * One field of a generated table (`src/schema/generated/*.ts`), with short keys so that the tables stay
 * small: `t` type, `ia` ignore_above, `mf` multi-fields (sub-field name → type), `ot` object_type (the type
 * of every sub-key of an `object`), `ni` index:false, `sf` scaling_factor, `nd` dynamic:false.
 */
export interface CompactField {
  readonly t: FieldType;
  readonly ia?: number;
  readonly mf?: Readonly<Record<string, FieldType>>;
  readonly ot?: FieldType;
  readonly ni?: 1;
  readonly sf?: number;
  readonly nd?: 1;
}
