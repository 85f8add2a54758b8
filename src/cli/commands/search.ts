import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { FieldTypeMap } from "../../dsl/types.js";
import type { CompiledRule } from "../../rules/compiled-rule.js";
import { type LoadFailure, loadRules } from "../../rules/load-files.js";
import { ClusterError } from "../../search/cluster.js";
import { type ConnectionOptions, connectionFromEnv, redactorFor } from "../../search/connection.js";
import type { Redactor } from "../../search/redact.js";
import { type RuleSearchResult, type SearchSummary, searchRules } from "../../search/search-rules.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { CliError, type CliIo, EXIT, write } from "../io.js";

export const searchCommand: Command = {
  name: "search",
  summary: "run query rules on Elasticsearch or OpenSearch and print their alerts",
  usage: `Usage: kuery search --es <url> --rules <file | dir | glob>... [options]

Sends each query rule to the cluster as the Kibana detection engine would (typed KQL, the rule's
filters, its time window) and prints an alert per matching document, one JSON object per line, exactly
as 'detect' prints them for the same documents. Per-rule errors and a summary go to stderr.
threshold, new_terms and threat_match rules are reported as not supported on the cluster yet.

Options:
  --es <url>            cluster URL (default: $KUERY_ES_URL)
  --rules <path>        rule file, directory or glob; repeatable (rule paths may also be given bare)
  --index <pattern>     search these index patterns instead of each rule's own; repeatable
  --from <time>         window start: date math or ISO-8601 (default: each rule's from, e.g. now-6m)
  --to <time>           window end (default: now)
  --api-key <key>       Elasticsearch API key (default: $KUERY_ES_API_KEY)
  --username <name>     basic authentication (default: $KUERY_ES_USERNAME)
  --password <secret>   basic authentication (default: $KUERY_ES_PASSWORD; prefer the variable)
  --ca <file>           CA certificate (PEM) of the cluster (default: $KUERY_ES_CA)
  --opensearch          the cluster is OpenSearch (uses @opensearch-project/opensearch)
  --fields <file>       JSON map of field name to type(s) of the rules' indices (default: built-in ECS)
  --field-caps          type each rule's query by the cluster's own mapping (_field_caps), as Kibana does
  --max-alerts <n>      alerts per rule at most (default: each rule's max_signals)
  --page-size <n>       hits per request (default 1000)
  --no-pit              page with search_after only, without a point in time
  --json                per-rule results and the summary as JSON lines on stderr
  -h, --help            show this help

Needs @elastic/elasticsearch (or @opensearch-project/opensearch with --opensearch) installed.
Credentials never appear in the output.

Exit codes: 0 the search completed (with or without alerts), 2 a rule could not be loaded or run, or usage
error — the same as kuery match.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("search", args, {
      es: { type: "string" },
      rules: { type: "string", multiple: true },
      index: { type: "string", multiple: true },
      from: { type: "string" },
      to: { type: "string" },
      "api-key": { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      ca: { type: "string" },
      opensearch: { type: "boolean" },
      fields: { type: "string" },
      "field-caps": { type: "boolean" },
      "max-alerts": { type: "string" },
      "page-size": { type: "string" },
      "no-pit": { type: "boolean" },
      json: { type: "boolean" },
    });
    const connection = connectionOptions(values, io);
    const redact = redactorFor(connection);
    const patterns = [...((values.rules as string[] | undefined) ?? []), ...positionals];
    if (patterns.length === 0)
      throw new CliError("kuery search: give rule files with --rules (see kuery search --help)");
    if (!connection.node) throw new CliError("kuery search: give the cluster URL with --es or KUERY_ES_URL");

    const { rules, failures } = await loadRules(patterns, { onError: "collect", cwd: io.cwd });
    const json = values.json === true;
    const loadErrors = reportLoadFailures(failures, io, json, redact);
    if (values["field-caps"] && typeof values.fields === "string") {
      throw new CliError("kuery search: give either --fields or --field-caps, not both");
    }
    const fields = values["field-caps"]
      ? ("cluster" as const)
      : typeof values.fields === "string"
        ? await readFields(resolve(io.cwd, values.fields))
        : undefined;

    let summary: SearchSummary;
    try {
      summary = await printAlerts(rules, io, {
        ...connection,
        ...(values.index ? { index: values.index as string[] } : {}),
        ...(typeof values.from === "string" ? { from: values.from } : {}),
        ...(typeof values.to === "string" ? { to: values.to } : {}),
        ...(fields === undefined ? {} : { fields }),
        ...positiveInt("max-alerts", values["max-alerts"], "maxAlerts"),
        ...positiveInt("page-size", values["page-size"], "pageSize"),
        ...(values["no-pit"] ? { pit: false } : {}),
        onRuleResult: (result) => reportResult(result, io, json),
      });
    } catch (error) {
      if (error instanceof ClusterError) throw new CliError(`kuery search: ${redact(error.message)}`);
      throw error;
    }
    writeSummary(summary, loadErrors, io, json);
    return summary.failed > 0 || loadErrors > 0 ? EXIT.usage : EXIT.ok;
  },
};

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Command-line values first, then KUERY_ES_* variables. */
function connectionOptions(values: Values, io: CliIo): ConnectionOptions {
  const env = connectionFromEnv(io.env);
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const apiKey = text("api-key") ?? env.auth?.apiKey;
  // A username or password on the command line replaces the environment's pair as a whole.
  const fromArgs = text("username") !== undefined || text("password") !== undefined;
  const username = fromArgs ? text("username") : env.auth?.username;
  const password = fromArgs ? text("password") : env.auth?.password;
  if (text("api-key") !== undefined && fromArgs) {
    throw new CliError("kuery search: give either --api-key or --username/--password, not both");
  }
  const useBasic = !text("api-key") && (username !== undefined || password !== undefined);
  if (useBasic && (username === undefined || password === undefined)) {
    throw new CliError("kuery search: basic authentication needs both a username and a password");
  }
  const caFile = text("ca") ?? env.caFile;
  const node = text("es") ?? env.node;
  return {
    ...(node === undefined ? {} : { node }),
    ...(useBasic
      ? { auth: { username: username as string, password: password as string } }
      : apiKey
        ? { auth: { apiKey } }
        : {}),
    ...(caFile === undefined ? {} : { caFile: isAbsolute(caFile) ? caFile : resolve(io.cwd, caFile) }),
    ...(values.opensearch ? { opensearch: true } : {}),
  };
}

function positiveInt<K extends string>(option: string, value: unknown, key: K): { [P in K]?: number } {
  if (value === undefined) return {};
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliError(`kuery search: --${option} takes a whole number above 0`);
  return { [key]: number } as { [P in K]?: number };
}

async function printAlerts(
  rules: CompiledRule[],
  io: CliIo,
  options: Parameters<typeof searchRules>[1],
): Promise<SearchSummary> {
  const search = searchRules(rules, options);
  let step = await search.next();
  while (!step.done) {
    write(io.stdout, JSON.stringify(step.value));
    step = await search.next();
  }
  return step.value;
}

function ruleLabel(result: { ruleId: string; name: string; file: string | undefined }): string {
  return `${result.file ? `${result.file}: ` : ""}rule ${result.ruleId} (${result.name})`;
}

function reportResult(result: RuleSearchResult, io: CliIo, json: boolean): void {
  if (json) {
    write(io.stderr, JSON.stringify({ rule: result }));
    return;
  }
  if (result.status === "failed") write(io.stderr, `kuery search: ${ruleLabel(result)}: ${result.message}`);
  else if (result.status === "unsupported")
    write(io.stderr, `kuery search: ${ruleLabel(result)}: not run: ${result.reason}`);
  else if (result.limitReached) {
    write(io.stderr, `kuery search: ${ruleLabel(result)}: stopped at ${result.alerts} alerts (--max-alerts)`);
  }
}

/** Prints why rule files did not load; returns how many were errors (rules in other languages are only noted). */
function reportLoadFailures(
  failures: readonly LoadFailure[],
  io: CliIo,
  json: boolean,
  redact: Redactor,
): number {
  let errors = 0;
  for (const failure of failures) {
    if (!failure.unsupported) errors++;
    const message = redact(failure.error.message);
    if (json) {
      write(
        io.stderr,
        JSON.stringify({ load: { file: failure.file, unsupported: failure.unsupported, message } }),
      );
    } else {
      write(io.stderr, `kuery search: ${failure.unsupported ? "skipped: " : ""}${message}`);
    }
  }
  return errors;
}

function writeSummary(summary: SearchSummary, loadErrors: number, io: CliIo, json: boolean): void {
  if (json) {
    const { results: _results, ...counts } = summary;
    write(io.stderr, JSON.stringify({ summary: { ...counts, loadErrors } }));
    return;
  }
  const parts = [
    `${summary.ok} ok`,
    `${summary.failed} failed`,
    `${summary.unsupported} not supported on the cluster`,
  ];
  if (loadErrors > 0) parts.push(`${loadErrors} not loaded`);
  write(
    io.stderr,
    `kuery search: ${plural(summary.rules, "rule")}: ${parts.join(", ")}; ${plural(summary.alerts, "alert")}`,
  );
}

async function readFields(file: string): Promise<FieldTypeMap> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`kuery search: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as FieldTypeMap;
  } catch (error) {
    throw new CliError(`kuery search: ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
