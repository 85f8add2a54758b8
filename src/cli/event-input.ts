/** Events for commands: files, globs, directories or stdin, each with the index it lives in. */
import { basename } from "node:path";
import { EventSourceError, readEventFile, resolveEventFiles, STDIN } from "../events/files.js";
import { type MalformedEvent, MalformedEventError, type SourcedEvent } from "../events/ndjson.js";
import { DATA_STREAMS } from "../schema/index.js";
import { CliError, type CliIo } from "./io.js";

/**
 * `--index auto`: a file named after a data stream (`aws.cloudtrail.ndjson`, `okta.system.json.gz`)
 * holds events of `logs-<dataset>-default`; other files get no index.
 */
export function indexFromFileName(file: string): string | undefined {
  const dataset = basename(file).replace(/(\.(ndjson|jsonl|json))?(\.gz)?$/i, "");
  return Object.hasOwn(DATA_STREAMS, dataset) ? `logs-${dataset}-default` : undefined;
}

export interface EventReading {
  /** Named event files, or "-" for stdin. */
  readonly inputs: readonly string[];
  /** An index for every event without `_index`, or "auto" to derive it from each file's name. */
  readonly index: string | undefined;
  readonly strict: boolean;
  readonly onMalformed: (malformed: MalformedEvent) => void;
}

/** Resolves the inputs (stdin when none are given and stdin is not a terminal). */
export async function eventInputs(
  command: string,
  positionals: readonly string[],
  io: CliIo,
): Promise<string[]> {
  if (positionals.length === 0) {
    if (io.stdin.isTTY)
      throw new CliError(`kuery ${command}: no event files given (pass files, globs, or - for stdin)`);
    return [STDIN];
  }
  try {
    return await resolveEventFiles(positionals, io.cwd);
  } catch (error) {
    if (error instanceof EventSourceError) throw new CliError(`kuery ${command}: ${error.message}`);
    throw error;
  }
}

/**
 * Streams events one file after another. The file's index is attached as a non-enumerable `_index`,
 * so rules see it but it never shows up in output.
 */
export async function* readCommandEvents(reading: EventReading, io: CliIo): AsyncGenerator<SourcedEvent> {
  for (const file of reading.inputs) {
    const index =
      reading.index === "auto" ? (file === STDIN ? undefined : indexFromFileName(file)) : reading.index;
    try {
      for await (const sourced of readEventFile(file, {
        strict: reading.strict,
        onMalformed: reading.onMalformed,
        stdin: io.stdin,
      })) {
        if (index !== undefined && !Object.hasOwn(sourced.event, "_index")) {
          Object.defineProperty(sourced.event, "_index", { value: index, enumerable: false });
        }
        yield sourced;
      }
    } catch (error) {
      if (error instanceof MalformedEventError) throw new CliError(`${error.message} (--strict)`);
      if (error instanceof EventSourceError) throw new CliError(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
        throw new CliError(`cannot read ${file}: ${code}`);
      }
      if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
        throw new CliError(`${file}: not valid gzip data (${code})`);
      throw error;
    }
  }
}
