import type { KqlNode } from "../parser/ast.js";
import { parse } from "../parser/index.js";
import { Compiler, type Probe } from "./compile.js";
import { eventFailure, KqlCompileError } from "./errors.js";
import { checkTreeLimits } from "./limits.js";
import { type CompileOptions, type Predicate, resolveOptions } from "./options.js";

const EMPTY: object = Object.freeze({});

/**
 * Compiles a KQL query (text or tree) into a predicate over events, with the semantics Elasticsearch
 * gives the DSL Kibana's detection engine builds from the schema (docs/semantics.md). Compile once,
 * run on many events.
 *
 * @throws KqlSyntaxError when the text does not parse.
 * @throws KqlCompileError when Kibana or Elasticsearch would refuse the query for this schema (unless
 *   `onEsError: "nomatch"`), or an option is invalid.
 * The predicate throws `KqlEventError` (`KQL_EVENT_TOO_DEEP`) for a cyclic or absurdly deep event.
 */
export function compileQuery(query: string | KqlNode, options: CompileOptions = {}): Predicate {
  const ast = typeof query === "string" ? parse(query) : query;
  const resolved = resolveOptions(options);
  let test: (doc: object) => boolean;
  let probes: readonly Probe[];
  let compiler: Compiler;
  checkTreeLimits(ast, resolved.limits, typeof query === "string" ? query : undefined);
  try {
    compiler = new Compiler(resolved, typeof query === "string" ? query : undefined, ast);
    test = compiler.compile(ast);
    probes = compiler.probes;
  } catch (error) {
    if (error instanceof KqlCompileError && error.origin !== "library" && options.onEsError === "nomatch") {
      return () => false;
    }
    throw error;
  }
  const docOf = (event: object): object => (event !== null && typeof event === "object" ? event : EMPTY);
  return (event) => {
    const doc = docOf(event);
    compiler.event = doc;
    try {
      for (const probe of probes) if (probe(doc)) return false;
      return test(doc);
    } catch (error) {
      throw eventFailure(error);
    }
  };
}
