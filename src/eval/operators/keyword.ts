import type { FieldInfo } from "../../schema/field-info.js";
import type { Scalar } from "../resolve.js";
import { compileWildcard } from "../wildcard.js";
import { compareCodePoints } from "./code-points.js";
import { type Compiled, inRange, NEVER, type OperatorContext, type TypeOperators, test } from "./types.js";

/**
 * keyword, constant_keyword, wildcard, flattened (and keys of flattened fields): the value is indexed
 * as its text — numbers and booleans as their JSON text — and compared whole, case-sensitively, after
 * the field's normalizer (spec §5.2, §6.2, §11).
 */
export function fold(field: FieldInfo, ctx: OperatorContext): boolean {
  return field.normalizer === "lowercase" || (ctx.caseInsensitive && field.keywordOnly);
}

/** The indexed term for a document value, or undefined when it is not indexed (ignore_above). */
function indexer(field: FieldInfo, lower: boolean): (value: Scalar) => string | undefined {
  return keywordIndexer(field.ignoreAbove, lower);
}

/** The same, from the two mapping details it depends on (the rules' dispatch index reads terms so too). */
export function keywordIndexer(
  limit: number | undefined,
  lower: boolean,
): (value: Scalar) => string | undefined {
  return (value) => {
    const text = typeof value === "string" ? value : String(value);
    if (limit !== undefined && text.length > limit) return undefined;
    return lower ? text.toLowerCase() : text;
  };
}

export const keywordOperators: TypeOperators = {
  exists(field) {
    const index = indexer(field, false);
    return (value) => index(value) !== undefined;
  },

  equals(value, field, ctx) {
    const lower = fold(field, ctx);
    const index = indexer(field, lower);
    const wanted = lower ? value.text.toLowerCase() : value.text;
    if (field.ignoreAbove !== undefined && wanted.length > field.ignoreAbove) return NEVER;
    // Without folding, a value equal to `wanted` is within ignore_above (checked just above), so the
    // indexer adds nothing: compare directly on the hot path.
    if (!lower) return test((v) => (typeof v === "string" ? v === wanted : String(v) === wanted));
    return test((v) => index(v) === wanted);
  },

  equalsAny(values, field, ctx): Compiled {
    const lower = fold(field, ctx);
    const index = indexer(field, lower);
    const wanted = new Set(values.map((v) => (lower ? v.text.toLowerCase() : v.text)));
    return test((v) => {
      const term = index(v);
      return term !== undefined && wanted.has(term);
    });
  },

  wildcard(parts, field, ctx) {
    const lower = fold(field, ctx);
    const index = indexer(field, lower);
    const matches = compileWildcard(lower ? parts.map((p) => p.toLowerCase()) : parts);
    return test((v) => {
      const term = index(v);
      return term !== undefined && matches(term);
    });
  },

  range(op, bound, field) {
    const lower = field.normalizer === "lowercase";
    const index = indexer(field, lower);
    if (bound === null) return test((v) => index(v) !== undefined);
    const limit = lower ? bound.text.toLowerCase() : bound.text;
    return test((v) => {
      const term = index(v);
      return term !== undefined && inRange(op, compareCodePoints(term, limit), 0);
    });
  },
};
