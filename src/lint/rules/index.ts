import type { LintRule } from "../types.js";
import { compileErrors } from "./compile-errors.js";
import { constantClauses } from "./constant-clauses.js";
import { controlEscape } from "./control-escape.js";
import { duplicates } from "./duplicates.js";
import { ecsValues } from "./ecs-values.js";
import { flattenedKeyWildcard } from "./flattened-key-wildcard.js";
import { freeText } from "./free-text.js";
import { keywordRange } from "./keyword-range.js";
import { missingOr } from "./missing-or.js";
import { questionMark } from "./question-mark.js";
import { quotedWildcard } from "./quoted-wildcard.js";
import { textUnquotedWords } from "./text-unquoted-words.js";
import { unknownField } from "./unknown-field.js";
import { wildcardSpace } from "./wildcard-space.js";

/** Every rule, in reporting order. Syntax errors are reported by `lint` itself (nothing else can run). */
export const RULES: readonly LintRule[] = Object.freeze([
  compileErrors,
  unknownField,
  keywordRange,
  textUnquotedWords,
  ecsValues,
  questionMark,
  quotedWildcard,
  missingOr,
  controlEscape,
  duplicates,
  constantClauses,
  wildcardSpace,
  flattenedKeyWildcard,
  freeText,
]);
