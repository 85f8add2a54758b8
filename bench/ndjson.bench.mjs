// Suite 4: NDJSON streaming through every corpus rule (readNdjson on a pre-serialised buffer, then
// RuleSet.match per event) against JSON.parse alone on the same lines. Goal: ≥ 70 % of JSON.parse's
// throughput.
import { compileRules, readNdjson } from "../dist/index.js";
import { corpusSet, syntheticEvents } from "./fixtures.mjs";
import { formatNs, measure, measureAsync, perSecond, printTable } from "./harness.mjs";

const CHUNK = 64 * 1024;

function chunksOf(text) {
  const chunks = [];
  for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
  return chunks;
}

export async function run() {
  const { rules } = corpusSet();
  const set = compileRules(rules);
  const events = syntheticEvents({ count: 20_000, seed: 5 });
  const text = `${events.map((event) => JSON.stringify(event)).join("\n")}\n`;
  const chunks = chunksOf(text);
  const bytes = Buffer.from(text);
  const byteChunks = [];
  for (let i = 0; i < bytes.length; i += CHUNK) byteChunks.push(bytes.subarray(i, i + CHUNK));

  // Baseline: split the same text into lines and JSON.parse each (no reader, no rules).
  const parseOnly = measure(
    () => {
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        JSON.parse(text.slice(start, nl));
        start = nl + 1;
      }
    },
    { units: events.length },
  );
  const stream = (source) => async () => {
    let matched = 0;
    let lastIndex;
    let context;
    for await (const { event } of readNdjson(source)) {
      const index = event._index;
      if (index !== lastIndex) {
        lastIndex = index;
        context = { index };
      }
      if (set.match(event, context).length > 0) matched++;
    }
    return matched;
  };
  const readerOnly = await measureAsync(
    async () => {
      for await (const _ of readNdjson(chunks));
    },
    { units: events.length },
  );
  const textStream = await measureAsync(stream(chunks), { units: events.length });
  const byteStream = await measureAsync(stream(byteChunks), { units: events.length });
  const share = (ns) => `${((parseOnly / ns) * 100).toFixed(0)} %`;
  printTable(
    `NDJSON through all ${rules.length} rules, ${events.length} events (${(text.length / events.length).toFixed(0)} bytes each) — goal ≥ 70 % of JSON.parse`,
    [
      ["pipeline", "per event", "events/s", "of JSON.parse"],
      [
        "JSON.parse per line (baseline)",
        formatNs(parseOnly),
        perSecond(parseOnly).toLocaleString("en"),
        "100 %",
      ],
      [
        "readNdjson (text chunks), no rules",
        formatNs(readerOnly),
        perSecond(readerOnly).toLocaleString("en"),
        share(readerOnly),
      ],
      [
        "readNdjson (text chunks) + RuleSet",
        formatNs(textStream),
        perSecond(textStream).toLocaleString("en"),
        share(textStream),
      ],
      [
        "readNdjson (byte chunks) + RuleSet",
        formatNs(byteStream),
        perSecond(byteStream).toLocaleString("en"),
        share(byteStream),
      ],
    ],
  );
  return {
    events: events.length,
    bytesPerEvent: text.length / events.length,
    parseOnlyNsPerEvent: parseOnly,
    readerOnlyNsPerEvent: readerOnly,
    textStreamNsPerEvent: textStream,
    byteStreamNsPerEvent: byteStream,
    shareOfJsonParse: parseOnly / textStream,
    shareOfJsonParseBytes: parseOnly / byteStream,
    goal: 0.7,
    met: parseOnly / textStream >= 0.7,
  };
}
