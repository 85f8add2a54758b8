// `npm run bench`: every suite in one process, so ratios compare like with like. Results are printed
// as Markdown tables and saved to bench/results/latest.json. `node bench/run.mjs ruleset ndjson` runs
// only the named suites (and then leaves latest.json alone).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

// The compile suite measures retained heap after a forced GC: re-run this script with --expose-gc.
if (typeof global.gc !== "function" && !process.env.KUERY_BENCH_CHILD) {
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, KUERY_BENCH_CHILD: "1" },
    },
  );
  process.exit(child.status ?? 1);
}

const suites = {
  // Compile first: its "first compile" is then the cold figure (schema tables not yet loaded).
  compile: await import("./compile.bench.mjs"),
  parse: await import("./parse.bench.mjs"),
  rule: await import("./rule.bench.mjs"),
  ruleset: await import("./ruleset.bench.mjs"),
  ndjson: await import("./ndjson.bench.mjs"),
  scaling: await import("./scaling.bench.mjs"),
};
const only = process.argv.slice(2);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  loadAverage: os.loadavg(),
};
console.log(`# kuery-engine benchmarks — ${results.cpu}, ${results.cores} cores, Node ${results.node}`);
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  results[name] = await suite.run();
}
results.loadAverageAfter = os.loadavg();
if (only.length === 0) {
  writeFileSync(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}
