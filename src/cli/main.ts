#!/usr/bin/env node
/**
 * The `kuery` command: dispatches to one sub-command per file in ./commands.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KqlSyntaxError } from "../parser/index.js";
import type { Command } from "./command.js";
import { checkCommand } from "./commands/check.js";
import { dslCommand } from "./commands/dsl.js";
import { explainCommand } from "./commands/explain.js";
import { fmtCommand } from "./commands/fmt.js";
import { matchCommand } from "./commands/match.js";
import { parseCommand } from "./commands/parse.js";
import { searchCommand } from "./commands/search.js";
import { testCommand } from "./commands/test.js";
import { CliError, type CliIo, EXIT, processIo, write } from "./io.js";

export const commands: readonly Command[] = [
  matchCommand,
  testCommand,
  checkCommand,
  explainCommand,
  parseCommand,
  fmtCommand,
  dslCommand,
  searchCommand,
];

function mainUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `Usage: kuery <command> [options]

Runs Elastic detection rules written in KQL (kuery) offline, as Kibana and Elasticsearch would.

Commands:
${list}

Run 'kuery <command> --help' for the options of one command.
Global options: --debug (stack traces on errors), --version, --help.`;
}

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes("--debug");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    write(name === undefined ? io.stderr : io.stdout, mainUsage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    write(io.stdout, await version());
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    write(io.stderr, `kuery: unknown command '${name}'\n\n${mainUsage()}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    write(io.stdout, command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      write(io.stderr, error.message);
      return error.exitCode;
    }
    if (error instanceof KqlSyntaxError) {
      write(io.stderr, `kuery ${name}: ${error.message}`);
      return EXIT.usage;
    }
    const err = error as Error & { code?: string };
    write(
      io.stderr,
      debug ? String(err.stack) : `kuery ${name}: ${err.message}${err.code ? ` [${err.code}]` : ""}`,
    );
    return EXIT.usage;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  // EPIPE (e.g. `kuery match … | head`) is a normal end of output, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kuery: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
