/** A one-line progress display on stderr, only on a terminal: events/s, matches, elapsed. */
import { performance } from "node:perf_hooks";

export interface Progress {
  tick(events: number, matches: number): void;
  /** Erases the line so other output can be written (it comes back at the next tick). */
  clear(): void;
  done(): void;
}

const NONE: Progress = { tick() {}, clear() {}, done() {} };

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  enabled: boolean,
): Progress {
  if (!enabled || stream.isTTY !== true) return NONE;
  const start = performance.now();
  let last = start;
  let shown = false;
  const clear = () => {
    if (shown) stream.write("\r\u001b[2K");
    shown = false;
  };
  return {
    tick(events, matches) {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const rate = Math.round(events / ((now - start) / 1000));
      stream.write(
        `\r\u001b[2K${events.toLocaleString("en-US")} events  ${rate.toLocaleString("en-US")} events/s  ${matches.toLocaleString("en-US")} matches  ${clock(now - start)}`,
      );
    },
    clear,
    done: clear,
  };
}
