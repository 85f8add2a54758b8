#!/usr/bin/env node
// Regenerates docs/lint-report.md: lint over every corpus rule with the built-in schema.
// Usage: npm run build && node scripts/lint-report.mjs [corpusDir]
// test/lint-corpus.test.ts checks that the committed counts stay true.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { parse as parseToml } from "smol-toml";
import { LINT_CATALOG, LINT_CODES, lintRule, summarizeFindings } from "../dist/lint/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = resolve(process.argv[2] ?? join(root, "..", "shared", "corpus", "detection-rules"));
const files = fg.sync("**/*.toml", { cwd: corpus }).sort();

const all = [];
const examples = new Map();
let rules = 0;
for (const file of files) {
  const rule = parseToml(readFileSync(join(corpus, file), "utf8")).rule;
  if (typeof rule?.query !== "string") continue;
  rules += 1;
  for (const f of lintRule(rule)) {
    all.push(f);
    const list = examples.get(f.code) ?? [];
    if (list.length < 3 && !list.some((e) => e.name === rule.name)) {
      list.push({
        name: rule.name,
        file,
        excerpt: rule.query.slice(f.range.start, f.range.end),
        message: f.message,
      });
    }
    examples.set(f.code, list);
  }
}
const summary = summarizeFindings(all);

const cut = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const cell = (text) => cut(text.replace(/\s+/g, " "), 100).replace(/\|/g, "\\|").replace(/`/g, "ʼ");

const lines = [
  "# Lint report: the detection-rules corpus",
  "",
  `\`lint\` with the built-in schema (ECS 9.4 + integration fields) over the ${rules} KQL rules of`,
  "`../shared/corpus/detection-rules` (read in place). Regenerate with `npm run build && node scripts/lint-report.mjs`;",
  "`test/lint-corpus.test.ts` fails when these counts no longer match. Codes are described in `lint.md`.",
  "",
  `Total findings: ${summary.total} (error ${summary.bySeverity.error}, warning ${summary.bySeverity.warning}, info ${summary.bySeverity.info}).`,
  "",
  "<!-- counts:start -->",
  "| code | severity | findings |",
  "|---|---|---|",
  ...LINT_CODES.map(
    (code) => `| \`${code}\` | ${LINT_CATALOG[code].severity} | ${summary.byCode[code] ?? 0} |`,
  ),
  "<!-- counts:end -->",
  "",
  "## Examples",
  "",
  "Up to three rules per code: the rule name, the text the finding covers (cut at 100 characters) and the message.",
  "",
];
for (const code of LINT_CODES) {
  const list = examples.get(code);
  if (!list) continue;
  lines.push(`### \`${code}\``, "");
  for (const e of list) {
    lines.push(`- **${e.name}** (\`${e.file}\`): \`${cell(e.excerpt)}\` — ${cell(e.message)}`);
  }
  lines.push("");
}
writeFileSync(join(root, "docs", "lint-report.md"), `${lines.join("\n").trimEnd()}\n`);
console.log(`docs/lint-report.md: ${rules} rules, ${summary.total} findings`);
