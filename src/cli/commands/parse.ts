import { parse } from "../../parser/index.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { EXIT, write } from "../io.js";
import { readQueryArgument } from "../query-input.js";

export const parseCommand: Command = {
  name: "parse",
  summary: "print the syntax tree of a query as JSON",
  usage: `Usage: kuery parse [options] <query | ->

Parses a KQL query and prints its syntax tree as JSON. Reads the query from standard input with "-".

Options:
  --compact        one line of JSON instead of indented output
  --no-ranges      leave out source ranges
  -h, --help       show this help

Exit codes: 0 parsed, 2 syntax error or usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("parse", args, {
      compact: { type: "boolean" },
      "no-ranges": { type: "boolean" },
    });
    const query = await readQueryArgument("parse", positionals, io);
    const ast = parse(query);
    const replacer = values["no-ranges"]
      ? (key: string, value: unknown) => (key === "range" ? undefined : value)
      : undefined;
    write(io.stdout, JSON.stringify(ast, replacer, values.compact ? undefined : 2));
    return EXIT.ok;
  },
};
