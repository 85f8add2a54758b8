/**
 * The real parser and evaluator as a QueryEngine.
 * The evaluator half is a PLACEHOLDER until src/eval/index.ts (branch eval) is merged.
 */
import { parse } from "../parser/index.js";
import type { QueryEngine } from "./engine.js";

export const defaultEngine: QueryEngine = {
  parse: (query) => parse(query),
  compile() {
    throw new Error("kuery-engine: the KQL evaluator is not wired in yet (pass options.engine)");
  },
};
