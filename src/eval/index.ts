// The evaluator's public surface: compile a KQL query against a schema into a predicate over events.

export * from "../schema/index.js";
export { compileQuery } from "./compile-query.js";
export {
  COMPILE_ERROR_CATALOG,
  EVENT_ERROR_CATALOG,
  KqlCompileError,
  type KqlCompileErrorCode,
  KqlEventError,
  type KqlEventErrorCode,
} from "./errors.js";
export { type CompileLimits, DEFAULT_COMPILE_LIMITS } from "./limits.js";
export type { CompileOptions, Predicate } from "./options.js";
export { evaluateReference } from "./reference.js";
