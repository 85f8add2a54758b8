// Shared inputs of the rule-set suites: every corpus kuery rule compiled, and seeded synthetic events.
import { compileRule, parse } from "../dist/index.js";
import { builtinSchema } from "../dist/schema/schema.js";
import { corpusRules } from "./corpus.mjs";
import { generateEvents } from "./synthetic.mjs";

let cached;

/** The corpus as compiled rules, with the datasets their queries and index patterns name. */
export function corpusSet() {
  if (cached) return cached;
  const docs = corpusRules().filter((doc) => (doc.rule.language ?? "kuery") === "kuery");
  const rules = docs.map(({ file, ...toml }) => compileRule(toml, { fileName: file }));
  cached = { docs, rules, datasets: datasetsOf(rules) };
  return cached;
}

function datasetsOf(rules) {
  const datasets = new Set();
  const visit = (node) => {
    if (node.type === "and" || node.type === "or") node.args.forEach(visit);
    else if (
      node.type === "match" &&
      node.field.kind === "literal" &&
      node.value.kind === "literal" &&
      (node.field.value === "event.dataset" || node.field.value === "data_stream.dataset")
    )
      datasets.add(String(node.value.value));
  };
  for (const rule of rules) {
    visit(rule.ast);
    for (const pattern of rule.index) {
      const m = /^logs-([a-z0-9_]+\.[a-z0-9_]+)[-*]/.exec(pattern);
      if (m) datasets.add(m[1]);
    }
  }
  return [...datasets].sort();
}

/** High-volume sources of a typical pipeline: most events, few rules written for them alone. */
export const BULK_DATASETS = [
  "endpoint.events.process",
  "endpoint.events.network",
  "endpoint.events.file",
  "system.syslog",
  "system.auth",
  "windows.sysmon_operational",
  "nginx.access",
  "apache.access",
];

/**
 * Seeded synthetic events in the corpus's vocabulary (see synthetic.mjs): 60 % from the bulk sources,
 * which tunes the share of events matching a query rule to about 1 % (the bench reports it).
 */
export function syntheticEvents({ count, seed = 1, derivedShare } = {}) {
  const { rules, datasets } = corpusSet();
  return generateEvents({
    asts: rules.map((rule) => rule.ast),
    schema: builtinSchema(),
    datasets,
    count,
    seed,
    bulkDatasets: BULK_DATASETS,
    bulkShare: 0.6,
    ...(derivedShare === undefined ? {} : { derivedShare }),
  });
}

export { parse };
