import { performance } from "node:perf_hooks";
import type { MalformedEvent } from "../../events/ndjson.js";
import type { CompiledRule } from "../../rules/compiled-rule.js";
import type { Alert } from "../../rules/detect/alert-types.js";
import { detect } from "../../rules/detect/detect.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { eventInputs, readCommandEvents } from "../event-input.js";
import { CliError, EXIT, paint, useColor, write } from "../io.js";
import { createProgress } from "../progress.js";
import { fieldOptions, loadCommandRules } from "../rules-input.js";

const MALFORMED_SHOWN = 20;
const TIMING_SAMPLE = 2000;

interface RuleCounts {
  matched: number;
  alerts: number;
}

/** A readable line per alert for terminals; pipes get NDJSON. */
function alertLine(alert: Alert, color: ReturnType<typeof paint>): string {
  const severity = alert["kibana.alert.severity"];
  const tint =
    severity === "critical" || severity === "high"
      ? color.red
      : severity === "medium"
        ? color.yellow
        : color.dim;
  const time = alert["kibana.alert.original_time"] ?? alert["@timestamp"];
  return `${color.dim(time)}  ${tint(severity.padEnd(8))}  ${color.bold(alert["kibana.alert.rule.name"])}\n    ${alert["kibana.alert.reason"]}`;
}

function statsReport(
  rules: readonly CompiledRule[],
  counts: Map<CompiledRule, RuleCounts>,
  cost: Map<CompiledRule, number>,
  totals: {
    read: number;
    matched: number;
    malformed: number;
    alerts: number;
    elapsedMs: number;
    sampled: number;
  },
): string {
  const rows = rules
    .map((rule) => ({ rule, ...(counts.get(rule) ?? { matched: 0, alerts: 0 }), cost: cost.get(rule) ?? 0 }))
    .sort((a, b) => b.matched - a.matched || b.cost - a.cost);
  const nameWidth = Math.min(60, Math.max(4, ...rows.map((r) => r.rule.name.length)));
  const lines = [
    `${"rule".padEnd(nameWidth)}  ${"matched".padStart(9)}  ${"alerts".padStart(9)}  ${"µs/event".padStart(9)}`,
  ];
  for (const row of rows) {
    const name =
      row.rule.name.length > nameWidth ? `${row.rule.name.slice(0, nameWidth - 1)}…` : row.rule.name;
    lines.push(
      `${name.padEnd(nameWidth)}  ${String(row.matched).padStart(9)}  ${String(row.alerts).padStart(9)}  ${row.cost.toFixed(2).padStart(9)}`,
    );
  }
  const unmatched = totals.read - totals.matched - totals.malformed;
  const rate =
    totals.elapsedMs > 0 ? Math.round(((totals.read - totals.malformed) * 1000) / totals.elapsedMs) : 0;
  lines.push(
    "",
    `events read ${totals.read} = matched ${totals.matched} + unmatched ${unmatched} + malformed ${totals.malformed}`,
    `${rules.length} rules, ${totals.alerts} alerts, ${(totals.elapsedMs / 1000).toFixed(2)} s, ${rate} events/s` +
      ` (µs/event: each rule's cost sampled over ${totals.sampled} events)`,
  );
  return lines.join("\n");
}

/** Average µs per event of each rule's matches(), measured on a sample of the run's events. */
function sampleCost(rules: readonly CompiledRule[], sample: readonly object[]): Map<CompiledRule, number> {
  const cost = new Map<CompiledRule, number>();
  if (sample.length === 0) return cost;
  for (const rule of rules) {
    const start = performance.now();
    for (const event of sample) {
      const index = (event as { _index?: unknown })._index;
      rule.matches(event, typeof index === "string" ? { index } : undefined);
    }
    cost.set(rule, ((performance.now() - start) * 1000) / sample.length);
  }
  return cost;
}

export const matchCommand: Command = {
  name: "match",
  summary: "run rules over events and print the alerts",
  usage: `Usage: kuery match --rules <file|dir|glob>... [options] [events... | -]

Runs detection rules over events and prints one alert per line. Events come from NDJSON or JSON
files (.gz too), directories, globs, or standard input ("-", or no files with piped input).

Options:
  -r, --rules <path>     rule file, directory or glob (repeatable; TOML or Kibana JSON/NDJSON)
  --index <name|auto>    index of events without an _index key, e.g. logs-aws.cloudtrail-default;
                         "auto" takes it from file names such as aws.cloudtrail.ndjson. With an index,
                         rules apply only where their index patterns cover it, and the index's constant
                         fields (data_stream.*, event.dataset, event.module) are visible to queries.
  --fields <file>        JSON map of field name to type, merged over the built-in ECS schema
  --schema <file>        JSON map of field name to type that replaces the built-in schema
  --windowed             replay Kibana's executions (interval, from, max_signals) for query rules
  --history <file>       earlier events for new_terms rules (repeatable)
  --indicators <file>    indicator documents for threat_match rules (repeatable)
  --json                 NDJSON output even on a terminal (the default when stdout is not a terminal)
  --stats                per-rule match counts and cost, and the event totals, on stderr
  --strict               stop at the first malformed event line (exit 2)
  -q, --quiet            no progress display and no malformed-line details (counts still kept)
  --debug                stack traces for unexpected errors
  -h, --help             show this help

Exit codes: 0 the run completed (with or without alerts), 2 usage error, unreadable input, a rule
that does not load, or a malformed line with --strict.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("match", args, {
      rules: { type: "string", short: "r", multiple: true },
      index: { type: "string" },
      fields: { type: "string" },
      schema: { type: "string" },
      windowed: { type: "boolean" },
      history: { type: "string", multiple: true },
      indicators: { type: "string", multiple: true },
      json: { type: "boolean" },
      stats: { type: "boolean" },
      strict: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
    });
    const { rules } = await loadCommandRules(
      "match",
      (values.rules as string[] | undefined) ?? [],
      io,
      await fieldOptions("match", values),
    );
    const inputs = await eventInputs("match", positionals, io);
    const index = typeof values.index === "string" ? values.index : undefined;
    if (index === "") throw new CliError("kuery match: --index needs a name or 'auto'");

    let malformed = 0;
    const onMalformed = (m: MalformedEvent) => {
      malformed += 1;
      if (values.quiet) return;
      if (malformed <= MALFORMED_SHOWN)
        write(io.stderr, `${m.source}:${m.line}: skipped malformed event: ${m.reason}`);
      else if (malformed === MALFORMED_SHOWN + 1)
        write(io.stderr, "… further malformed lines are counted, not shown");
    };
    const reading = { index, strict: values.strict === true, onMalformed };
    const events = readCommandEvents({ ...reading, inputs }, io);

    let read = 0;
    let evaluationErrors = 0;
    let current: { source: string; line: number } = { source: "", line: 0 };
    let matchedEvents = 0;
    let alerts = 0;
    const counts = new Map<CompiledRule, RuleCounts>();
    const countFor = (rule: CompiledRule) => {
      let entry = counts.get(rule);
      if (!entry) {
        entry = { matched: 0, alerts: 0 };
        counts.set(rule, entry);
      }
      return entry;
    };
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const sample: object[] = [];
    const progress = createProgress(io.stderr, !values.quiet);
    async function* plainEvents() {
      for await (const { event, source, line } of events) {
        read += 1;
        current = { source, line };
        if (values.stats && sample.length < TIMING_SAMPLE) sample.push(event);
        yield event;
      }
    }
    const sideEvents = async (files: unknown) =>
      Array.isArray(files) && files.length > 0
        ? readCommandEvents({ ...reading, inputs: await eventInputs("match", files as string[], io) }, io)
        : undefined;
    const history = await sideEvents(values.history);
    const indicators = await sideEvents(values.indicators);
    const asNdjson = values.json === true || io.stdout.isTTY !== true;
    const color = paint(useColor(io));
    const started = performance.now();

    for await (const alert of detect(rules, plainEvents(), {
      ...(index !== undefined && index !== "auto" ? { index } : {}),
      ...(values.windowed ? { windowed: true } : {}),
      ...(history ? { history: mapEvents(history) } : {}),
      ...(indicators ? { indicators: mapEvents(indicators) } : {}),
      // One rule failing on one event (a hostile shape, an accessor that throws) must not end the run.
      onEventError: (failure) => {
        evaluationErrors += 1;
        if (values.quiet || evaluationErrors > MALFORMED_SHOWN) return;
        const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
        write(
          io.stderr,
          `${current.source}:${current.line}: rule ${failure.ruleId} could not evaluate this event: ${reason}`,
        );
      },
      onEvent: (_event, matched) => {
        if (matched.length > 0) matchedEvents += 1;
        for (const rule of matched) countFor(rule).matched += 1;
        progress.tick(read, matchedEvents);
      },
    })) {
      alerts += 1;
      const rule = byId.get(alert["kibana.alert.rule.rule_id"]);
      if (rule) countFor(rule).alerts += 1;
      if (!asNdjson) progress.clear();
      io.stdout.write(asNdjson ? `${JSON.stringify(alert)}\n` : `${alertLine(alert, color)}\n`);
    }
    progress.done();
    const elapsedMs = performance.now() - started;
    const total = read + malformed;
    if (evaluationErrors > 0)
      write(io.stderr, `${evaluationErrors} rule evaluations failed and counted as no match`);
    if (values.stats) {
      const cost = sampleCost(rules, sample);
      write(
        io.stderr,
        statsReport(rules, counts, cost, {
          read: total,
          matched: matchedEvents,
          malformed,
          alerts,
          elapsedMs,
          sampled: sample.length,
        }),
      );
    } else if (!asNdjson || malformed > 0) {
      write(
        io.stderr,
        `${alerts} alerts from ${total} events (${malformed} malformed) with ${rules.length} rules`,
      );
    }
    return EXIT.ok;
  },
};

async function* mapEvents(source: AsyncIterable<{ event: object }>): AsyncGenerator<object> {
  for await (const { event } of source) yield event;
}
