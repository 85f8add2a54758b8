/** What a command may touch of the outside world, so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};

/** Exit codes, documented in docs/cli.md. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An error the user can fix: printed as one line (no stack unless --debug), exit code 2 by default. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
export function useColor(io: CliIo, stream: { isTTY?: boolean } = io.stdout): boolean {
  return stream.isTTY === true && !("NO_COLOR" in io.env && io.env.NO_COLOR !== "");
}

export function paint(enabled: boolean) {
  const wrap = (code: number, reset: number) => (text: string) =>
    enabled ? `\u001b[${code}m${text}\u001b[${reset}m` : text;
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}
