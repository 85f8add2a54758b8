// The DSL interpreter: a test oracle that runs emitted DSL on one JSON document.
export { DslInterpretError, type DslInterpretErrorCode } from "./errors.js";
export { compileDsl, interpretDsl } from "./interpret.js";
