import { createExplainer, type ExplainOptions, renderExplanation } from "../../eval/explain/index.js";
import type { CompiledRule } from "../../rules/compiled-rule.js";
import { renderRuleExplanation } from "../../rules/explain.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { eventInputs, readCommandEvents } from "../event-input.js";
import { CliError, EXIT, useColor, write } from "../io.js";
import { fieldOptions, loadCommandRules } from "../rules-input.js";

export const explainCommand: Command = {
  name: "explain",
  summary: "show clause by clause why a rule or query matches an event or not",
  usage: `Usage: kuery explain --rule <file|dir> [--id <rule_id>] [options] [events... | -]
       kuery explain [options] <query> [events... | -]

Prints the query with each clause marked ✓ (true), ✗ (false) or · (not evaluated), the event values that
were compared, the field type and query kind used, and why a clause failed. For a rule, the index check
and each filter are shown too. Events come from files (NDJSON/JSON), stdin, or --event.

Options:
  --rule <path>        explain a rule (a file, or a directory with --id)
  --id <rule_id>       which rule of --rule to explain, when it holds several
  --event <json>       one event given inline
  --index <name>       the index the events live in (index patterns and constants apply)
  --fields <file>      JSON map of field name to type, merged over the built-in ECS schema
  --schema <file>      JSON map of field name to type that replaces the built-in schema
  --json               print the explanation tree as JSON (one per line)
  -h, --help           show this help

Exit codes: 0 explained (whether or not it matched), 2 usage error, unreadable input, a rule that does
not load, or a query that does not parse.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("explain", args, {
      rule: { type: "string" },
      id: { type: "string" },
      event: { type: "string" },
      index: { type: "string" },
      fields: { type: "string" },
      schema: { type: "string" },
      json: { type: "boolean" },
    });
    const schemaOptions = await fieldOptions("explain", values);
    const color = useColor(io);
    let explainOne: (event: object) => string;
    let files = positionals;
    if (typeof values.rule === "string") {
      const rule = pickRule(
        (await loadCommandRules("explain", [values.rule], io, schemaOptions)).rules,
        values.id,
      );
      const context = typeof values.index === "string" ? { index: values.index } : undefined;
      explainOne = (event) => {
        const explanation = rule.explain(event, context);
        return values.json
          ? JSON.stringify(explanation)
          : `${rule.name}: ${explanation.matched ? "matched" : "did not match"}\n${renderRuleExplanation(explanation, { color })}`;
      };
    } else {
      const [query, ...rest] = positionals;
      if (query === undefined)
        throw new CliError("kuery explain: give a query or --rule (see kuery explain --help)");
      files = rest;
      const explainer = createExplainer(query, schemaOptions as ExplainOptions);
      if (explainer.error?.origin === "syntax")
        throw new CliError(`kuery explain: ${explainer.error.message}`);
      explainOne = (event) => {
        const explanation = explainer.explain(event);
        return values.json ? JSON.stringify(explanation) : renderExplanation(explanation, { color });
      };
    }
    if (typeof values.event === "string") {
      let event: unknown;
      try {
        event = JSON.parse(values.event);
      } catch (error) {
        throw new CliError(`kuery explain: --event is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof event !== "object" || event === null || Array.isArray(event))
        throw new CliError("kuery explain: --event must be a JSON object");
      write(io.stdout, explainOne(event));
      if (files.length === 0) return EXIT.ok;
    }
    const inputs = await eventInputs("explain", files, io);
    const reading = {
      inputs,
      index: undefined,
      strict: false,
      onMalformed: (m: { source: string; line: number; reason: string }) =>
        write(io.stderr, `${m.source}:${m.line}: skipped malformed event: ${m.reason}`),
    };
    let count = 0;
    for await (const { event, source, line } of readCommandEvents(reading, io)) {
      count += 1;
      write(io.stdout, values.json ? explainOne(event) : `# ${source}:${line}\n${explainOne(event)}\n`);
    }
    if (count === 0 && typeof values.event !== "string")
      write(io.stderr, "kuery explain: no events to explain");
    return EXIT.ok;
  },
};

function pickRule(rules: readonly CompiledRule[], id: unknown): CompiledRule {
  if (typeof id === "string") {
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new CliError(`kuery explain: no rule with rule_id ${id}`);
    return rule;
  }
  if (rules.length > 1)
    throw new CliError(`kuery explain: --rule holds ${rules.length} rules; pick one with --id`);
  return rules[0] as CompiledRule;
}
