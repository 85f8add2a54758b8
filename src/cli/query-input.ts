import { CliError, type CliIo } from "./io.js";
import { readAll } from "./streams.js";

/** The query of `kuery parse|fmt|dsl <query>`: the positional words, or stdin for "-". */
export async function readQueryArgument(command: string, positionals: string[], io: CliIo): Promise<string> {
  if (positionals.length === 0)
    throw new CliError(`kuery ${command}: missing query (see kuery ${command} --help)`);
  if (positionals.length === 1 && positionals[0] === "-")
    return (await readAll(io.stdin)).replace(/\r?\n$/, "");
  return positionals.join(" ");
}
