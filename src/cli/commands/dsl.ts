import { readFile } from "node:fs/promises";
import { type ToElasticsearchQueryOptions, toElasticsearchQuery } from "../../dsl/index.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { CliError, EXIT, write } from "../io.js";
import { readQueryArgument } from "../query-input.js";

export const dslCommand: Command = {
  name: "dsl",
  summary: "print the Elasticsearch query DSL Kibana would send for a query",
  usage: `Usage: kuery dsl [options] <query | ->

Prints the Elasticsearch query DSL for a KQL query, exactly as Kibana builds it. Without --fields the
conversion is untyped (what Kibana sends without a data view).

Options:
  --fields <file>     JSON map of field name to Elasticsearch type(s), or a Kibana data-view field list:
                      typed conversion, as the detection engine does it
  --case-insensitive  add case_insensitive to term and wildcard queries on keyword fields
  --time-zone <tz>    time_zone for date ranges (the detection engine uses Zulu)
  --compact           one line of JSON
  -h, --help          show this help

Exit codes: 0 printed, 2 syntax error, conversion error or usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("dsl", args, {
      fields: { type: "string" },
      "case-insensitive": { type: "boolean" },
      "time-zone": { type: "string" },
      compact: { type: "boolean" },
    });
    const query = await readQueryArgument("dsl", positionals, io);
    const fields = typeof values.fields === "string" ? await readJsonFile(values.fields) : undefined;
    const options: ToElasticsearchQueryOptions = {
      ...(fields === undefined ? {} : { fields: fields as ToElasticsearchQueryOptions["fields"] }),
      ...(values["case-insensitive"] ? { caseInsensitive: true } : {}),
      ...(typeof values["time-zone"] === "string" ? { dateFormatTZ: values["time-zone"] } : {}),
    };
    const dsl = toElasticsearchQuery(query, options);
    write(io.stdout, JSON.stringify(dsl, null, values.compact ? undefined : 2));
    return EXIT.ok;
  },
};

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`kuery dsl: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`kuery dsl: ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
