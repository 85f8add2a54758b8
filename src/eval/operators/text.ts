import { analyze, containsPhrase } from "../analysis.js";
import type { Scalar } from "../resolve.js";
import { compileWildcard } from "../wildcard.js";
import { compareCodePoints } from "./code-points.js";
import { inRange, NEVER, type TypeOperators, test } from "./types.js";

/**
 * text and match_only_text: values are analysed into lower-cased word tokens (spec §6.2, §11). Each array
 * value is analysed on its own, so a phrase never spans two values (the position gap).
 */
function tokensOf(value: Scalar): string[] {
  return analyze(typeof value === "string" ? value : String(value));
}

export const textOperators: TypeOperators = {
  exists() {
    return () => true;
  },

  equals(value) {
    const wanted = analyze(value.text);
    if (wanted.length === 0) return NEVER;
    if (value.quoted && wanted.length > 1) return test((v) => containsPhrase(tokensOf(v), wanted));
    const any = new Set(wanted);
    return test((v) => tokensOf(v).some((token) => any.has(token)));
  },

  wildcard(parts) {
    // A wildcard term is normalised (lower-cased) and matched against single tokens, never across two.
    const matches = compileWildcard(parts.map((p) => p.toLowerCase()));
    return test((v) => tokensOf(v).some(matches));
  },

  range(op, bound) {
    if (bound === null) return test(() => true);
    const limit = bound.text;
    return test((v) => tokensOf(v).some((token) => inRange(op, compareCodePoints(token, limit), 0)));
  },
};
