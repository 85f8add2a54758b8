import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";

export interface MemoryIo extends CliIo {
  /** Everything written to stdout so far. */
  out(): string;
  err(): string;
}

/** A CliIo whose streams are kept in memory, for running commands in-process. */
export function memoryIo(env: Record<string, string> = {}, cwd = process.cwd()): MemoryIo {
  const collect = () => {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  const stdin = new PassThrough();
  stdin.end();
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: { NO_COLOR: "1", ...env },
    cwd,
    out: stdout.text,
    err: stderr.text,
  };
}
