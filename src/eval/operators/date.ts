import type { RangeOperator } from "../../parser/ast.js";
import type { FieldInfo } from "../../schema/field-info.js";
import { currentInstant, type Instant, indexDate, parseDateMath, toMillisResolution } from "../dates.js";
import type { Scalar } from "../resolve.js";
import { type Compiled, inRange, type OperatorContext, reject, type TypeOperators, test } from "./types.js";

/**
 * date and date_nanos (spec §5.2, §6.2, §6.6). A query date denotes a span (its precision); equality is
 * the `gte`+`lte` range Kibana sends, and each range operator reads the bound at the end of its span
 * that Elasticsearch's rounding picks: `gt`/`lte` the upper end, `gte`/`lt` the lower end.
 */
function resolution(field: FieldInfo): (instant: Instant) => Instant {
  return field.type === "date_nanos" ? (i) => i : toMillisResolution;
}

function indexer(field: FieldInfo): (value: Scalar) => Instant | undefined {
  const toResolution = resolution(field);
  return (value) => {
    const instant = indexDate(value);
    return instant === undefined ? undefined : toResolution(instant);
  };
}

/** A bound as a function of the clock; fixed at compile time when the clock is. */
function bound(
  text: string,
  roundUp: boolean,
  field: FieldInfo,
  ctx: OperatorContext,
): (() => Instant) | Compiled {
  const at = parseDateMath(text, roundUp);
  if (!at) return reject(`"${text}" is not a date, as the ${field.type} field "${field.name}" requires`);
  const toResolution = resolution(field);
  if (ctx.now !== undefined || !text.startsWith("now")) {
    const fixed = toResolution(at(ctx.now ?? 0n));
    return () => fixed;
  }
  return () => toResolution(at(currentInstant()));
}

const ROUND_UP: Readonly<Record<RangeOperator, boolean>> = { gt: true, lte: true, gte: false, lt: false };

export const dateOperators: TypeOperators = {
  exists(field) {
    const index = indexer(field);
    return (value) => index(value) !== undefined;
  },

  equals(value, field, ctx) {
    if (value.isBoolean) return reject(`the ${field.type} field "${field.name}" cannot take ${value.text}`);
    const lo = bound(value.text, false, field, ctx);
    const hi = bound(value.text, true, field, ctx);
    if (typeof lo !== "function") return lo;
    if (typeof hi !== "function") return hi;
    const index = indexer(field);
    return test((v) => {
      const x = index(v);
      return x !== undefined && x >= lo() && x <= hi();
    });
  },

  wildcard(_parts, field) {
    return reject(`wildcards are not supported on the ${field.type} field "${field.name}"`);
  },

  range(op, value, field, ctx) {
    const index = indexer(field);
    if (value === null) return test((v) => index(v) !== undefined);
    if (value.isBoolean) return reject(`the ${field.type} field "${field.name}" cannot take ${value.text}`);
    const limit = bound(value.text, ROUND_UP[op], field, ctx);
    if (typeof limit !== "function") return limit;
    return test((v) => {
      const x = index(v);
      return x !== undefined && inRange(op, x, limit());
    });
  },
};
