// `npm run bench`: every suite in one process, so ratios compare like with like. Results are printed
// as Markdown tables and saved to bench/results/latest.json.
import { writeFileSync } from "node:fs";
import os from "node:os";
import * as parseSuite from "./parse.bench.mjs";

const suites = { parse: parseSuite };
const only = process.argv.slice(2);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
};
console.log(`# kuery-engine benchmarks — ${results.cpu}, ${results.cores} cores, Node ${results.node}`);
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  results[name] = await suite.run();
}
writeFileSync(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
