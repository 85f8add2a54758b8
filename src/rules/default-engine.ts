/**
 * The real parser and evaluator as a QueryEngine.
 * PLACEHOLDER until src/parser/index.ts (main) and src/eval/index.ts (eval) are merged.
 */
import type { QueryEngine } from "./engine.js";

export const defaultEngine: QueryEngine = {
  parse() {
    throw new Error("kuery-engine: the KQL parser is not wired in yet (pass options.engine)");
  },
  compile() {
    throw new Error("kuery-engine: the KQL evaluator is not wired in yet (pass options.engine)");
  },
};
