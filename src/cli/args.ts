import { type ParseArgsConfig, parseArgs } from "node:util";

/** The parsed command line: option values by name, and the positional words. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

import { CliError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with the CLI's conventions: strict, positionals allowed, errors as CliError. */
export function parseCommandArgs(command: string, args: string[], options: Options): ParsedArgs {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" }, debug: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`kuery ${command}: ${(error as Error).message} (see kuery ${command} --help)`);
  }
}
