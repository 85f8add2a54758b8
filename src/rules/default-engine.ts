/** The library's own parser and evaluator as a QueryEngine, and the built-in data-stream constants. */
import { compileQuery } from "../eval/index.js";
import { requiredTerms } from "../eval/required-terms.js";
import { parse } from "../parser/index.js";
import { DATA_STREAMS } from "../schema/index.js";
import type { DataStreamTable } from "./data-streams.js";
import type { QueryEngine } from "./engine.js";

export const defaultEngine: QueryEngine = {
  parse: (query) => parse(query),
  compile: (query, options) => compileQuery(query, options),
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
