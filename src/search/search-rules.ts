/**
 * searchRules: runs query rules on an Elasticsearch or OpenSearch cluster and yields the alerts
 * `detect()` would give for the matching documents, so consumers of alerts do not change when the
 * events move from files to a cluster. One rule failing (a query the cluster rejects, a rule type not
 * run on clusters yet) is reported for that rule and the others go on. Node-only.
 */
import { KqlDslError } from "../dsl/errors.js";
import type { FieldTypeMap } from "../dsl/types.js";
import type { CompiledRule } from "../rules/compiled-rule.js";
import type { Alert } from "../rules/detect/alert-types.js";
import type { RuleType } from "../rules/spec.js";
import { type ClusterClient, ClusterError, isAbortError } from "./cluster.js";
import { type ConnectionOptions, connect, redactorFor } from "./connection.js";
import { fieldCapsNames, fieldMapFromCaps } from "./field-caps.js";
import { hitAlertBuilder } from "./hit-alerts.js";
import { KibanaFilterError } from "./kibana-filters.js";
import { pageHits } from "./paging.js";
import type { Redactor } from "./redact.js";
import { type RetryOptions, withRetry } from "./retry.js";
import {
  type RuleQueryOptions,
  type RuleSearchRequest,
  ruleToElasticsearchQuery,
  searchIndex,
} from "./rule-query.js";

export interface SearchRulesOptions
  extends ConnectionOptions,
    Pick<RuleQueryOptions, "esTypes" | "schema" | "index" | "from" | "to"> {
  /**
   * The data view: a field → type map or data-view list for every rule; `"cluster"` asks the cluster's
   * field-capabilities API for each rule's query names, as the detection engine does; default: the
   * built-in ECS + integration schema.
   */
  readonly fields?: RuleQueryOptions["fields"] | "cluster";
  /** Hits per request. Default 1000. */
  readonly pageSize?: number;
  /** Alerts per rule at most. Default: the rule's `max_signals`, as one Kibana execution. */
  readonly maxAlerts?: number;
  /** false: plain search_after without a point in time. Default true (falls back when unsupported). */
  readonly pit?: boolean;
  /** PIT keep-alive between pages. Default `1m`. */
  readonly keepAlive?: string;
  readonly retry?: RetryOptions;
  /** Stops the search: the generator then throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** Creation time for alerts of events without a time (default Date.now). */
  readonly now?: () => number;
  /** Told about each rule once it is done, in rule order. */
  readonly onRuleResult?: (result: RuleSearchResult) => void;
}

export type RuleSearchStatus = "ok" | "failed" | "unsupported";

interface RuleResultBase {
  readonly ruleId: string;
  readonly name: string;
  readonly type: RuleType;
  readonly file: string | undefined;
}

export interface RuleSearchOk extends RuleResultBase {
  readonly status: "ok";
  readonly alerts: number;
  readonly pages: number;
  readonly pit: boolean;
  /** The rule stopped at `maxAlerts`; the cluster may hold more matches. */
  readonly limitReached: boolean;
}

export interface RuleSearchFailure extends RuleResultBase {
  readonly status: "failed";
  /** `conversion`: refused before sending (as Kibana would); `cluster`: the cluster answered with an error. */
  readonly stage: "conversion" | "cluster";
  /** The HTTP status (absent when the cluster was not reached). */
  readonly statusCode: number | undefined;
  /** Elasticsearch's error type, e.g. `search_phase_execution_exception`. */
  readonly errorType: string | undefined;
  /** Elasticsearch's (or the conversion's) reason, credentials redacted. */
  readonly reason: string;
  /** One line for people: what failed, the status, the reason, retries given up. Redacted. */
  readonly message: string;
  readonly attempts: number;
  /** Alerts already yielded before the failure. */
  readonly alerts: number;
}

export interface RuleSearchUnsupported extends RuleResultBase {
  readonly status: "unsupported";
  readonly reason: string;
}

export type RuleSearchResult = RuleSearchOk | RuleSearchFailure | RuleSearchUnsupported;

export interface SearchSummary {
  readonly rules: number;
  readonly ok: number;
  readonly failed: number;
  readonly unsupported: number;
  readonly alerts: number;
  readonly results: readonly RuleSearchResult[];
}

export const DEFAULT_SEARCH_PAGE_SIZE = 1000;

/**
 * Yields alerts rule by rule, oldest event first within a rule; returns the per-rule summary. Errors
 * that stop everything (no cluster to connect to, missing client package, abort) are thrown; errors of
 * one rule are reported through `onRuleResult` and the summary.
 */
export async function* searchRules(
  rules: Iterable<CompiledRule>,
  options: SearchRulesOptions,
): AsyncGenerator<Alert, SearchSummary, undefined> {
  const redact = redactorFor(options);
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(options);
  } catch (error) {
    throw redactError(error, redact);
  }
  const results: RuleSearchResult[] = [];
  const report = (result: RuleSearchResult) => {
    results.push(result);
    options.onRuleResult?.(result);
  };
  // After a rule's retries all ended in transport failures, the cluster is down: later rules are
  // reported at once instead of each waiting through its own retries.
  let unreachable: ClusterError | undefined;
  /** A rule's failed cluster call as its result; anything else (abort, a bug) is thrown on. */
  const clusterFailure = (error: unknown, base: RuleResultBase, alerts: number): RuleSearchFailure => {
    // An abort surfaces as the signal's own reason, whichever client noticed it first.
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (isAbortError(error) || !(error instanceof ClusterError)) throw redactError(error, redact);
    if (error.statusCode === undefined && error.retryable) unreachable = error;
    const { statusCode, type, attempts } = error;
    return {
      ...base,
      ...failure("cluster", statusCode, type, redact(error.reason), redact(error.message), attempts),
      alerts,
    };
  };
  try {
    for (const rule of rules) {
      options.signal?.throwIfAborted();
      const base: RuleResultBase = { ruleId: rule.id, name: rule.name, type: rule.type, file: rule.file };
      if (rule.type !== "query") {
        report({ ...base, status: "unsupported", reason: unsupportedReason(rule.type) });
        continue;
      }
      if (unreachable) {
        const reason = redact(unreachable.reason);
        const message = redact(`not tried: the cluster was unreachable (${unreachable.message})`);
        report({
          ...base,
          ...failure("cluster", undefined, unreachable.type, reason, message, 0),
          alerts: 0,
        });
        continue;
      }
      let fields = options.fields === "cluster" ? undefined : options.fields;
      if (options.fields === "cluster") {
        try {
          fields = await clusterFields(connection.cluster, rule, options);
        } catch (error) {
          report(clusterFailure(error, base, 0));
          continue;
        }
      }
      let request: RuleSearchRequest;
      try {
        const { esTypes, schema, index, from, to } = options;
        request = ruleToElasticsearchQuery(rule, {
          ...(fields === undefined ? {} : { fields }),
          ...(esTypes === undefined ? {} : { esTypes }),
          ...(schema === undefined ? {} : { schema }),
          ...(index === undefined ? {} : { index }),
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          size: options.pageSize ?? DEFAULT_SEARCH_PAGE_SIZE,
        });
      } catch (error) {
        if (!(error instanceof KqlDslError || error instanceof KibanaFilterError)) throw error;
        const reason = redact(error.message);
        report({ ...base, ...failure("conversion", undefined, undefined, reason, reason, 0), alerts: 0 });
        continue;
      }
      const build = hitAlertBuilder(rule, options.now);
      let alerts = 0;
      const hits = pageHits(connection.cluster, request, {
        pageSize: request.size,
        maxHits: options.maxAlerts ?? rule.maxSignals,
        ...(options.keepAlive === undefined ? {} : { keepAlive: options.keepAlive }),
        ...(options.pit === undefined ? {} : { pit: options.pit }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      let done = false;
      try {
        let step = await hits.next();
        while (!step.done) {
          const alert = build(step.value);
          if (alert) {
            alerts++;
            yield alert;
          }
          step = await hits.next();
        }
        done = true;
        const info = step.value;
        report({
          ...base,
          status: "ok",
          alerts,
          pages: info.pages,
          pit: info.pit,
          limitReached: info.limitReached,
        });
      } catch (error) {
        done = true;
        report(clusterFailure(error, base, alerts));
      } finally {
        // The consumer stopped early (break out of for-await): let the pager close its PIT.
        if (!done) await hits.return(undefined as never).catch(() => undefined);
      }
    }
  } finally {
    if (connection.owned) await connection.cluster.close().catch(() => undefined);
  }
  return summarize(results);
}

/** The rule's data view from the cluster: field capabilities for the names its query uses. */
async function clusterFields(
  cluster: ClusterClient,
  rule: CompiledRule,
  options: SearchRulesOptions,
): Promise<FieldTypeMap> {
  const names = fieldCapsNames(rule.ast);
  if (names.length === 0) return {};
  const index = searchIndex(rule, options.index);
  const caps = await withRetry(
    "field capabilities",
    () => cluster.fieldCaps(index, names, options.signal),
    options.retry,
    options.signal,
  );
  return fieldMapFromCaps(caps);
}

function failure(
  stage: "conversion" | "cluster",
  statusCode: number | undefined,
  errorType: string | undefined,
  reason: string,
  message: string,
  attempts: number,
) {
  return { status: "failed" as const, stage, statusCode, errorType, reason, message, attempts };
}

function unsupportedReason(type: RuleType): string {
  return `${type} rules are not supported on the cluster yet (run them offline with detect() / kuery detect)`;
}

function summarize(results: readonly RuleSearchResult[]): SearchSummary {
  let alerts = 0;
  for (const result of results) if (result.status !== "unsupported") alerts += result.alerts;
  return {
    rules: results.length,
    ok: results.filter((result) => result.status === "ok").length,
    failed: results.filter((result) => result.status === "failed").length,
    unsupported: results.filter((result) => result.status === "unsupported").length,
    alerts,
    results,
  };
}

/** The same error with its message redacted (stack included: it repeats the message). */
function redactError(error: unknown, redact: Redactor): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message);
  if (message === error.message) return error;
  error.message = message;
  if (error.stack) error.stack = redact(error.stack);
  return error;
}
