// Suite 1: parse every corpus query, ours vs Kibana's peggy-generated parser (kbn-es-query on npm).
import { createRequire } from "node:module";
import { parse } from "../dist/index.js";
import { corpusRules } from "./corpus.mjs";
import { formatNs, measure, printTable } from "./harness.mjs";

function loadKibanaParser() {
  try {
    const require = createRequire(import.meta.url);
    return require("kbn-es-query").kbnEsQuery.fromKueryExpression;
  } catch {
    return undefined;
  }
}

export function run() {
  const queries = corpusRules().map((rule) => rule.rule.query);
  if (queries.length === 0) return {};
  const chars = queries.reduce((sum, q) => sum + q.length, 0);
  const ours = measure(
    () => {
      for (const q of queries) parse(q);
    },
    { units: queries.length },
  );
  const rows = [["parser", "µs/query", "ns/char", "ratio"]];
  const result = { queries: queries.length, chars, oursNsPerQuery: ours };
  rows.push([
    "kuery-engine (Chevrotain)",
    (ours / 1e3).toFixed(2),
    ((ours * queries.length) / chars).toFixed(1),
    "1.00×",
  ]);
  const kibana = loadKibanaParser();
  if (kibana) {
    const theirs = measure(
      () => {
        for (const q of queries) kibana(q);
      },
      { units: queries.length },
    );
    result.kibanaNsPerQuery = theirs;
    result.speedup = theirs / ours;
    rows.push([
      "kbn-es-query (peggy)",
      (theirs / 1e3).toFixed(2),
      ((theirs * queries.length) / chars).toFixed(1),
      `${(theirs / ours).toFixed(2)}× slower`,
    ]);
  } else {
    console.warn("[bench] kbn-es-query is not installed: no baseline for the parser");
  }
  printTable(`Parse ${queries.length} corpus queries (${chars} chars; ${formatNs(ours)} per query)`, rows);
  return result;
}
