import type { FieldType } from "../schema/field-types.js";

/** Java's decimal syntax, which Elasticsearch uses to parse numbers in queries and documents. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number written as text (query values, numeric strings in documents); undefined when not one. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

export type IntegerType = "long" | "integer" | "short" | "byte" | "unsigned_long";
export type FloatType = "double" | "float" | "half_float" | "scaled_float";

const INTEGER_LIMITS: Readonly<Record<IntegerType, readonly [number, number]>> = {
  long: [-(2 ** 63), 2 ** 63 - 1],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsigned_long: [0, 2 ** 64 - 1],
};

export function isIntegerType(type: FieldType): type is IntegerType {
  return type in INTEGER_LIMITS;
}

export function integerLimits(type: IntegerType): readonly [number, number] {
  return INTEGER_LIMITS[type];
}

/** A JSON number or numeric string as a number, before any per-type conversion. */
export function sourceNumber(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === "string") return parseDecimal(raw);
  return undefined;
}

/** Index-time conversion of integer fields: fractions truncated (`coerce`), out-of-range refused. */
export function toIntegerValue(raw: unknown, type: IntegerType): number | undefined {
  const n = sourceNumber(raw);
  if (n === undefined) return undefined;
  const t = Math.trunc(n);
  const [min, max] = INTEGER_LIMITS[type];
  return t < min || t > max ? undefined : t;
}

/** Rounds to IEEE half precision (what `half_float` stores). */
export function roundHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const abs = Math.abs(x);
  if (abs >= 65520) return x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const exponent = Math.max(Math.floor(Math.log2(abs)), -14);
  const quantum = 2 ** (exponent - 10);
  return Math.sign(x) * Math.round(abs / quantum) * quantum;
}

/** The value a floating-point field stores for `n` (its own precision). */
export function toFloatValue(n: number, type: FloatType, scalingFactor: number | undefined): number {
  switch (type) {
    case "double":
      return n;
    case "float":
      return Math.fround(n);
    case "half_float":
      return roundHalf(n);
    case "scaled_float": {
      const factor = scalingFactor ?? 1;
      return Math.round(n * factor) / factor;
    }
  }
}
