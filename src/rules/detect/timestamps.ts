/**
 * Event time as the detection engine reads it: the rule's `timestamp_override` field first (Kibana
 * searches by it), then `@timestamp` unless the rule disables that fallback. Values are ISO-8601 strings
 * (UTC when they carry no offset, as Elasticsearch reads them) or epoch milliseconds.
 */
import type { CompiledRule } from "../compiled-rule.js";
import { fieldValues } from "../field-values.js";

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const FRACTION = /(\.\d{3})\d+/;

/** Milliseconds since the epoch, or undefined when the value is not a time. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== "string" || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  // Nanosecond fractions are cut to milliseconds; a missing zone means UTC.
  let text = value.replace(FRACTION, "$1");
  if (ISO_WITHOUT_ZONE.test(text)) text += text.includes("T") ? "Z" : "T00:00:00Z";
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function firstTime(event: object, field: string): number | undefined {
  for (const value of fieldValues(event, field)) {
    const ms = parseTime(value);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** The time the rule sees for an event, or undefined when it has none (such events never match a window). */
export function ruleTime(event: object, rule: CompiledRule): number | undefined {
  const override = rule.timestampOverride;
  if (override) {
    const ms = firstTime(event, override);
    if (ms !== undefined || rule.spec.timestampOverrideFallbackDisabled) return ms;
  }
  return firstTime(event, "@timestamp");
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
