/**
 * Retries for cluster calls the cluster may answer later (429, 5xx, connection failures): exponential
 * backoff with jitter, a bounded number of attempts. The sleep is injectable so tests never wait.
 */
import { ClusterError, isAbortError, toClusterError } from "./cluster.js";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Tries in all, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** Delay before the first retry, doubled for each next one. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay. Default 10 s. */
  readonly maxDelayMs?: number;
  readonly sleep?: Sleep;
  /** Random number in [0, 1) for the jitter. Default Math.random. */
  readonly random?: () => number;
  /** Told before each retry (for logs). */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: ClusterError }) => void;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * "Equal jitter": half the exponential delay is fixed, half random, so many clients retrying together
 * spread out but none retries immediately.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  const exponential = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (options.random ?? Math.random)() * (exponential / 2));
}

export async function withRetry<T>(
  what: string,
  run: () => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (caught) {
      if (isAbortError(caught) || signal?.aborted) throw caught;
      const error = toClusterError(caught, what);
      if (!error.retryable) throw withAttempts(error, attempt, false);
      if (attempt >= maxAttempts) throw withAttempts(error, attempt, true);
      const delayMs = backoffDelay(attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

function withAttempts(error: ClusterError, attempts: number, exhausted: boolean): ClusterError {
  const message = exhausted ? `${error.message} (gave up after ${attempts} attempts)` : error.message;
  return new ClusterError(message, error.statusCode, error.type, error.reason, error.retryable, attempts);
}
