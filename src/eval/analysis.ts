/**
 * The standard analyzer of text and match_only_text fields (spec §11): Unicode word segmentation
 * (UAX #29, via `Intl.Segmenter`), lower-casing, and tokens longer than 255 characters split at 255.
 */
const segmenter = new Intl.Segmenter("und", { granularity: "word" });

/** Elasticsearch's `max_token_length` of the standard tokenizer. */
const MAX_TOKEN_LENGTH = 255;

export function analyze(text: string): string[] {
  const tokens: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    const word = segment.segment.toLowerCase();
    if (word.length <= MAX_TOKEN_LENGTH) {
      tokens.push(word);
      continue;
    }
    for (let i = 0; i < word.length; i += MAX_TOKEN_LENGTH) tokens.push(word.slice(i, i + MAX_TOKEN_LENGTH));
  }
  return tokens;
}

/** True when `phrase` occurs as consecutive tokens of `tokens`. */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  const n = phrase.length;
  if (n === 0) return false;
  outer: for (let i = 0; i + n <= tokens.length; i++) {
    for (let j = 0; j < n; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
