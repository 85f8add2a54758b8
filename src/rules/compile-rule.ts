/**
 * compileRule: rule text or object → CompiledRule. Everything knowable from the rule is decided here,
 * once: the query is parsed and compiled, filters translated and compiled, index patterns compiled.
 */

import { eventFailure } from "../eval/errors.js";
import type { TermAlternatives } from "../eval/required-terms.js";
import type { KqlNode } from "../parser/ast.js";
import type {
  CompiledRule,
  CompiledThreatQuery,
  EventContext,
  RuleExplanation,
  RuleWarning,
} from "./compiled-rule.js";
import { type DataStreamTable, indexConstants, withConstants } from "./data-streams.js";
import { builtinDataStreams, defaultEngine } from "./default-engine.js";
import type { EventPredicate, QueryCompileOptions, QueryEngine } from "./engine.js";
import { RuleLoadError } from "./errors.js";
import type { RuleFilter } from "./filters/clause.js";
import { type CompiledFilters, compileFilters } from "./filters/compile.js";
import { FilterTranslationError, translateFilter } from "./filters/translate.js";
import { compileIndexPatterns } from "./index-patterns.js";
import { normalizeRule } from "./normalize.js";
import { queryError } from "./query-errors.js";
import { setRuleInternals } from "./rule-internals.js";
import { documentFromObject, documentsFromText, type RuleDocument } from "./source.js";
import type { KibanaFilter } from "./spec.js";

export interface CompileRuleOptions extends QueryCompileOptions {
  /** Named in error messages and kept on the rule. */
  readonly fileName?: string;
  /** Constant fields per dataset (`{"aws.cloudtrail": {"event.module": "aws", …}}`); defaults to the built-in table. */
  readonly dataStreams?: DataStreamTable;
  /** The parser + evaluator to use; defaults to the library's own. */
  readonly engine?: QueryEngine;
  /**
   * A query that Kibana or Elasticsearch refuses for the schema (a nested group on a path that is not
   * nested, a wildcard on an ip field …) makes the real rule fail at every execution, so it never alerts.
   * "nomatch" (default): load the rule, match nothing, and say why in `rule.warnings`. "throw": fail the
   * load with RULE_QUERY_INVALID.
   */
  readonly onQueryRefused?: "nomatch" | "throw";
}

/** Compiles exactly one rule: TOML, JSON text, or an object (parsed TOML or a Kibana rule object). */
export function compileRule(source: string | object, options: CompileRuleOptions = {}): CompiledRule {
  const docs =
    typeof source === "string"
      ? documentsFromText(source, options.fileName)
      : [documentFromObject(source, options.fileName)];
  if (docs.length !== 1) {
    throw new RuleLoadError("RULE_MULTIPLE_RULES", `found ${docs.length}`, { file: options.fileName });
  }
  return compileDocument(docs[0] as RuleDocument, options);
}

/** Compiles every rule in a text (NDJSON exports hold many); the first failure throws. */
export function compileRuleText(text: string, options: CompileRuleOptions = {}): CompiledRule[] {
  return documentsFromText(text, options.fileName).map((doc) => compileDocument(doc, options));
}

export function compileDocument(doc: RuleDocument, options: CompileRuleOptions): CompiledRule {
  const spec = normalizeRule(doc);
  const engine = options.engine ?? defaultEngine;
  const queryOptions = pickQueryOptions(options);
  const dataStreams = options.dataStreams ?? builtinDataStreams();

  const warnings: RuleWarning[] = [];
  const refused = options.onQueryRefused ?? "nomatch";
  const ast = parseQuery(engine, spec.query, doc, "query", true);
  const query = compileQuery(engine, ast, queryOptions, doc, "query", spec.query, refused, warnings);
  const filters = translateFilters(spec.filters, doc, "filters");
  const compiledFilters = compileRuleFilters(filters, engine, queryOptions, doc, "filters");
  const appliesToIndex = compileIndexPatterns(spec.index);
  const constantsCache = new Map<string, Readonly<Record<string, string>>>();
  const constantsFor = (index: string) => {
    let constants = constantsCache.get(index);
    if (!constants) {
      constants = indexConstants(index, dataStreams);
      constantsCache.set(index, constants);
    }
    return constants;
  };
  const eventForIndex = (event: object, index: string | undefined): object =>
    index === undefined ? event : withConstants(event, constantsFor(index));

  const matches = (event: object, context?: EventContext): boolean => {
    const index = context?.index;
    if (index !== undefined && !appliesToIndex(index)) return false;
    const seen = eventForIndex(event, index);
    try {
      return query(seen) && compiledFilters.test(seen);
    } catch (error) {
      // Filters walk the event too: a cyclic or absurdly deep event is a coded per-event outcome.
      throw eventFailure(error);
    }
  };

  const explain = (event: object, context?: EventContext): RuleExplanation => {
    const index = context?.index;
    const applies = index === undefined ? true : appliesToIndex(index);
    const seen = eventForIndex(event, index);
    const queryMatched = query(seen);
    const filterTraces = compiledFilters.trace(seen);
    const trace = engine.explain?.(ast, seen, { ...queryOptions, source: spec.query });
    const added = index === undefined ? undefined : addedConstants(event, seen);
    return {
      rule: spec.id,
      matched: applies && queryMatched && filterTraces.every((f) => f.passed),
      ...(index === undefined ? {} : { index: { name: index, applies, patterns: spec.index } }),
      ...(added ? { constantsAdded: added } : {}),
      query: { text: spec.query, matched: queryMatched, ...(trace === undefined ? {} : { trace }) },
      filters: filterTraces,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  };

  let threatQuery: CompiledThreatQuery | undefined;
  if (spec.type === "threat_match") {
    const tm = spec.threatMatch;
    const threatAst = parseQuery(engine, tm.query, doc, "threat_query", false);
    const threatTest = compileQuery(
      engine,
      threatAst,
      queryOptions,
      doc,
      "threat_query",
      tm.query,
      refused,
      warnings,
    );
    const threatFilters = translateFilters(tm.filters, doc, "threat_filters");
    const threatCompiled = compileRuleFilters(threatFilters, engine, queryOptions, doc, "threat_filters");
    const threatIndex = compileIndexPatterns(tm.index);
    threatQuery = {
      ast: threatAst,
      filters: threatFilters,
      matches(indicator, context) {
        const index = context?.index;
        if (index !== undefined && !threatIndex(index)) return false;
        const seen = index === undefined ? indicator : withConstants(indicator, constantsFor(index));
        return threatTest(seen) && threatCompiled.test(seen);
      },
    };
  }

  const rule: CompiledRule = {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    type: spec.type,
    severity: spec.severity,
    riskScore: spec.riskScore,
    tags: spec.tags,
    threat: spec.threat,
    index: spec.index,
    from: spec.from,
    interval: spec.interval,
    timestampOverride: spec.timestampOverride,
    maxSignals: spec.maxSignals,
    language: spec.language,
    ast,
    filters,
    spec,
    raw: doc.raw,
    file: doc.file,
    matches,
    explain,
    appliesToIndex,
    eventForIndex,
    threatQuery,
    warnings,
  };
  let required: readonly TermAlternatives[] | undefined;
  setRuleInternals(rule, {
    test: (seen) => query(seen) && compiledFilters.test(seen),
    dataStreams,
    requiredTerms() {
      required ??= engine.requiredTerms?.(ast, queryOptions) ?? [];
      return required;
    },
  });
  return rule;
}

/** The evaluator's options: everything except what only the rules layer reads. */
function pickQueryOptions(options: CompileRuleOptions): QueryCompileOptions {
  const {
    fileName: _fileName,
    dataStreams: _dataStreams,
    engine: _engine,
    onQueryRefused: _onQueryRefused,
    ...queryOptions
  } = options as CompileRuleOptions & {
    onError?: unknown;
    cwd?: unknown;
  };
  const { onError: _onError, cwd: _cwd, ...rest } = queryOptions;
  return rest;
}

function parseQuery(
  engine: QueryEngine,
  text: string,
  doc: RuleDocument,
  key: string,
  isMain: boolean,
): KqlNode {
  try {
    return engine.parse(text);
  } catch (error) {
    throw queryError(error, doc, key, isMain);
  }
}

function compileQuery(
  engine: QueryEngine,
  ast: KqlNode,
  options: QueryCompileOptions,
  doc: RuleDocument,
  key: string,
  text: string,
  refused: "nomatch" | "throw",
  warnings: RuleWarning[],
): EventPredicate {
  try {
    return engine.compile(ast, options);
  } catch (error) {
    const origin = (error as { origin?: unknown }).origin;
    if (refused === "throw" || (origin !== "kibana" && origin !== "elasticsearch")) {
      throw queryError(error, doc, key, false);
    }
    warnings.push(refusedQueryWarning(error as Error, doc, key, text));
    return () => false;
  }
}

function refusedQueryWarning(error: Error, doc: RuleDocument, key: string, text: string): RuleWarning {
  const keyName = `${doc.keyPrefix}${key}`;
  const summary = (error as { summary?: string }).summary ?? error.message.split("\n")[0] ?? error.message;
  const start = (error as { range?: { start: number } }).range?.start;
  const before = start === undefined ? undefined : text.slice(0, start).split("\n");
  const queryLine = before?.length;
  const queryColumn = before === undefined ? undefined : (before[before.length - 1]?.length ?? 0) + 1;
  const where = queryLine === undefined ? "" : ` (query ${queryLine}:${queryColumn})`;
  return {
    code: "RULE_QUERY_REFUSED",
    key: keyName,
    summary,
    message: `${doc.file ? `${doc.file} ` : ""}${keyName}${where}: the rule can never alert: ${summary}`,
    ...(queryLine === undefined ? {} : { queryLine, queryColumn }),
  };
}

function translateFilters(filters: readonly KibanaFilter[], doc: RuleDocument, key: string): RuleFilter[] {
  return filters.map((filter, position) => {
    try {
      return translateFilter(filter, position);
    } catch (error) {
      if (!(error instanceof FilterTranslationError)) throw error;
      const keyName = `${doc.keyPrefix}${key}`;
      throw new RuleLoadError("RULE_UNSUPPORTED_FILTER", `filter ${position + 1}: ${error.detail}`, {
        ...doc.locate(keyName),
        key: keyName,
      });
    }
  });
}

function compileRuleFilters(
  filters: readonly RuleFilter[],
  engine: QueryEngine,
  options: QueryCompileOptions,
  doc: RuleDocument,
  key: string,
): CompiledFilters {
  try {
    return compileFilters(filters, engine, options);
  } catch (error) {
    throw queryError(error, doc, key, false);
  }
}

function addedConstants(original: object, seen: object): Record<string, string> | undefined {
  if (original === seen) return undefined;
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(seen)) {
    if (!Object.hasOwn(original, key) && typeof value === "string") added[key] = value;
  }
  return added;
}
