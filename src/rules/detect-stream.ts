/**
 * `createDetectStream(rules)`: detection as a Node Duplex for `pipeline()`. Write event objects (object
 * mode) or NDJSON text/bytes; read alerts (objects). Node-only: exported from "kuery-engine/node".
 */
import { Duplex } from "node:stream";
import type { CompiledRule } from "./compiled-rule.js";
import { type DetectOptions, detect } from "./detect/detect.js";
import type { RuleSet } from "./rule-set.js";

export function createDetectStream(
  rules: Iterable<CompiledRule> | RuleSet,
  options: DetectOptions = {},
): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<unknown>) {
    yield* detect(rules, source, options);
  });
}
