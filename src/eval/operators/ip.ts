import { parseIp, parseIpQuery } from "../ip.js";
import { inRange, reject, type TypeOperators, test } from "./types.js";

/** ip: addresses compared as 128-bit numbers; a query value may be a CIDR block (spec §6.2, §6.6). */
const index = (value: unknown) => (typeof value === "string" ? parseIp(value) : undefined);

export const ipOperators: TypeOperators = {
  exists() {
    return (value) => index(value) !== undefined;
  },

  equals(value, field) {
    const span = value.isBoolean ? undefined : parseIpQuery(value.text);
    if (!span) return reject(`"${value.text}" is not an IP address or CIDR block (ip field "${field.name}")`);
    const { lo, hi } = span;
    return test((v) => {
      const n = index(v);
      return n !== undefined && n >= lo && n <= hi;
    });
  },

  wildcard(_parts, field) {
    return reject(`wildcards are not supported on the ip field "${field.name}"; use a CIDR block`);
  },

  range(op, bound, field) {
    if (bound === null) return test((v) => index(v) !== undefined);
    const limit = bound.isBoolean ? undefined : parseIp(bound.text);
    if (limit === undefined) return reject(`"${bound.text}" is not an IP address (ip field "${field.name}")`);
    return test((v) => {
      const n = index(v);
      return n !== undefined && inRange(op, n, limit);
    });
  },
};
