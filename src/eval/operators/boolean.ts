import { inRange, reject, type TypeOperators, test } from "./types.js";

/**
 * boolean: `true`/`"true"` index as true, `false`/`"false"`/`""` as false (spec §5.2); a query value must
 * be exactly `true` or `false`.
 */
function index(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false" || value === "") return false;
  return undefined;
}

function queryBoolean(text: string): boolean | undefined {
  return text === "true" ? true : text === "false" ? false : undefined;
}

export const booleanOperators: TypeOperators = {
  exists() {
    return (value) => index(value) !== undefined;
  },

  equals(value, field) {
    const wanted = queryBoolean(value.text);
    if (wanted === undefined)
      return reject(`"${value.text}" is not true or false (boolean field "${field.name}")`);
    return test((v) => index(v) === wanted);
  },

  wildcard(_parts, field) {
    return reject(`wildcards are not supported on the boolean field "${field.name}"`);
  },

  range(op, bound, field) {
    if (bound === null) return test((v) => index(v) !== undefined);
    const limit = queryBoolean(bound.text);
    if (limit === undefined)
      return reject(`"${bound.text}" is not true or false (boolean field "${field.name}")`);
    const l = Number(limit);
    return test((v) => {
      const b = index(v);
      return b !== undefined && inRange(op, Number(b), l);
    });
  },
};
