import type { CliIo } from "./io.js";

/** One `kuery <name>` sub-command. */
export interface Command {
  readonly name: string;
  /** One line for `kuery --help`. */
  readonly summary: string;
  /** The full `kuery <name> --help` text. */
  readonly usage: string;
  /** Returns the exit code. Throws CliError for problems the user can fix. */
  run(args: string[], io: CliIo): Promise<number>;
}
