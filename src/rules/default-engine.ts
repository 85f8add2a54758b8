/** The library's own parser and evaluator as a QueryEngine, and the built-in data-stream constants. */
import { createExplainer, type Explainer } from "../eval/explain/index.js";
import { compileQuery } from "../eval/index.js";
import { requiredTerms } from "../eval/required-terms.js";
import { parse } from "../parser/index.js";
import { DATA_STREAMS } from "../schema/index.js";
import type { DataStreamTable } from "./data-streams.js";
import type { QueryEngine } from "./engine.js";

/** One explainer per rule query, made on the first explain: compiling is the expensive part. */
const explainers = new WeakMap<object, Explainer>();

export const defaultEngine: QueryEngine = {
  parse: (query) => parse(query),
  compile: (query, options) => compileQuery(query, options),
  explain: (query, event, options) => {
    let explainer = explainers.get(query);
    if (!explainer) {
      explainer = createExplainer(query, options);
      explainers.set(query, explainer);
    }
    return explainer.explain(event);
  },
  requiredTerms: (query, options) => requiredTerms(query, options),
};

let builtinTable: DataStreamTable | undefined;

/** Dataset → constant fields, from the generated data-stream table (built once, on first use). */
export function builtinDataStreams(): DataStreamTable {
  builtinTable ??= Object.fromEntries(
    Object.entries(DATA_STREAMS).map(([dataset, info]) => [dataset, info.c]),
  );
  return builtinTable;
}
