/**
 * Event files for the CLI and Node pipelines: NDJSON, JSON arrays, gzip, globs, directories, stdin.
 * Files are streamed, so a multi-gigabyte NDJSON file is never held in memory (JSON array documents
 * are the exception: they are parsed whole).
 */
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import fg from "fast-glob";
import { type ReadOptions, readJsonDocument, readNdjson, type SourcedEvent } from "./ndjson.js";

export const STDIN = "-";
const EVENT_FILE_GLOB = "**/*.{ndjson,jsonl,json,ndjson.gz,jsonl.gz,json.gz}";

/** A named input could not be found or read. */
export class EventSourceError extends Error {
  override readonly name = "EventSourceError";
  readonly code = "EVENT_SOURCE_UNREADABLE";
}

/** Expands file names, directories and globs into files, in a stable order. "-" stays as stdin. */
export async function resolveEventFiles(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (pattern === STDIN) {
      files.push(STDIN);
      continue;
    }
    const info = await stat(pattern).catch(() => undefined);
    if (info?.isFile()) {
      files.push(pattern);
      continue;
    }
    const glob = info?.isDirectory() ? `${fg.convertPathToPattern(pattern)}/${EVENT_FILE_GLOB}` : pattern;
    const matches = fg.isDynamicPattern(glob) ? await fg(glob, { cwd, onlyFiles: true }) : [];
    if (matches.length === 0) {
      throw new EventSourceError(
        info?.isDirectory() ? `no event files in directory ${pattern}` : `no such file: ${pattern}`,
      );
    }
    files.push(...matches.sort());
  }
  return files;
}

async function isGzip(file: string): Promise<boolean> {
  if (file.endsWith(".gz")) return true;
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function isJsonDocumentName(file: string): boolean {
  return /\.json(\.gz)?$/i.test(file);
}

/** Reads the events of one file (or stdin for "-"), reporting malformed lines through `options`. */
export async function* readEventFile(
  file: string,
  options: Omit<ReadOptions, "source"> & { stdin?: NodeJS.ReadableStream } = {},
): AsyncGenerator<SourcedEvent> {
  const source = file === STDIN ? "<stdin>" : file;
  if (file === STDIN) {
    yield* readNdjson((options.stdin ?? process.stdin) as AsyncIterable<Uint8Array>, { ...options, source });
    return;
  }
  let gzip: boolean;
  try {
    gzip = await isGzip(file);
  } catch (error) {
    throw new EventSourceError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (isJsonDocumentName(file)) {
    const raw = await readFile(file);
    const text = (gzip ? gunzipSync(raw) : raw).toString("utf8");
    // A .json file may still hold NDJSON: only a document that parses whole is read as one.
    if (looksLikeSingleDocument(text)) {
      yield* readJsonDocument(text, { ...options, source });
      return;
    }
    yield* readNdjson([text], { ...options, source });
    return;
  }
  const stream = createReadStream(file);
  const bytes = gzip ? stream.pipe(createGunzip()) : stream;
  yield* readNdjson(bytes as AsyncIterable<Uint8Array>, { ...options, source });
}

function looksLikeSingleDocument(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return true;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/** Reads several files one after the other. */
export async function* readEventFiles(
  files: readonly string[],
  options: Omit<ReadOptions, "source"> & { stdin?: NodeJS.ReadableStream } = {},
): AsyncGenerator<SourcedEvent> {
  for (const file of files) yield* readEventFile(file, options);
}
