export * from "./ast.js";
export { KqlSyntaxError, locate, renderCaret, SYNTAX_ERROR_CODES, type SyntaxErrorCode } from "./errors.js";
export { type FormatOptions, format } from "./format.js";
export { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseOptions, parse } from "./parse.js";
