import type { RangeOperator } from "../../parser/ast.js";
import type { FieldInfo } from "../../schema/field-info.js";
import {
  type FloatType,
  type IntegerType,
  integerLimits,
  isIntegerType,
  parseDecimal,
  sourceNumber,
  toFloatValue,
  toIntegerValue,
} from "../numbers.js";
import type { Scalar } from "../resolve.js";
import { type Compiled, inRange, NEVER, type QueryValue, reject, type TypeOperators, test } from "./types.js";

/**
 * Numeric fields (spec §5.2, §6.2, §6.6): document values (numbers or numeric strings) are converted at
 * index time — integer types truncate fractions, float types round to their precision — and query values
 * must parse as numbers or Elasticsearch rejects the search.
 */
function indexer(field: FieldInfo): (value: Scalar) => number | undefined {
  const type = field.type;
  if (isIntegerType(type)) return (value) => toIntegerValue(value, type);
  const floatType = type as FloatType;
  const factor = field.scalingFactor;
  return (value) => {
    const n = sourceNumber(value);
    return n === undefined ? undefined : toFloatValue(n, floatType, factor);
  };
}

function queryNumber(value: QueryValue, field: FieldInfo): number | Compiled {
  if (value.isBoolean)
    return reject(`${field.type} field "${field.name}" cannot take the boolean ${value.text}`);
  const n = parseDecimal(value.text);
  if (n === undefined || !Number.isFinite(n)) {
    return reject(`"${value.text}" is not a number, as the ${field.type} field "${field.name}" requires`);
  }
  return n;
}

/** The stored form of a query number for equality, NEVER when no stored value can equal it. */
function equalityTarget(n: number, field: FieldInfo): number | Compiled {
  const type = field.type;
  if (isIntegerType(type)) {
    if (!Number.isInteger(n)) return NEVER;
    const [min, max] = integerLimits(type as IntegerType);
    if (n < min || n > max) return reject(`${n} is out of range for the ${type} field "${field.name}"`);
    return n;
  }
  return toFloatValue(n, type as FloatType, field.scalingFactor);
}

export const numericOperators: TypeOperators = {
  exists(field) {
    const index = indexer(field);
    return (value) => index(value) !== undefined;
  },

  equals(value, field) {
    const n = queryNumber(value, field);
    if (typeof n !== "number") return n;
    const target = equalityTarget(n, field);
    if (typeof target !== "number") return target;
    const index = indexer(field);
    return test((v) => index(v) === target);
  },

  equalsAny(values, field) {
    const wanted = new Set<number>();
    for (const value of values) {
      const n = queryNumber(value, field);
      if (typeof n !== "number") return n;
      const target = equalityTarget(n, field);
      if (typeof target === "number") wanted.add(target);
      else if (target.kind === "reject") return target;
    }
    if (wanted.size === 0) return NEVER;
    const index = indexer(field);
    return test((v) => {
      const n = index(v);
      return n !== undefined && wanted.has(n);
    });
  },

  wildcard(_parts, field) {
    return reject(`wildcards are not supported on the ${field.type} field "${field.name}"`);
  },

  range(op: RangeOperator, bound, field) {
    const index = indexer(field);
    if (bound === null) return test((v) => index(v) !== undefined);
    const n = queryNumber(bound, field);
    if (typeof n !== "number") return n;
    return test((v) => {
      const x = index(v);
      return x !== undefined && inRange(op, x, n);
    });
  },
};
