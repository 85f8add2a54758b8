import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventSourceError, readEventFile, resolveEventFiles } from "../src/events/files.js";
import {
  type MalformedEvent,
  MalformedEventError,
  readJsonDocument,
  readNdjson,
} from "../src/events/ndjson.js";

async function collect(chunks: Iterable<string | Uint8Array>, options = {}) {
  const malformed: MalformedEvent[] = [];
  const events = [];
  for await (const e of readNdjson(chunks, {
    source: "t.ndjson",
    onMalformed: (m) => malformed.push(m),
    ...options,
  }))
    events.push(e);
  return { events, malformed };
}

const sample = '{"a":1}\n\n{"b":"é😀"}\r\nnot json\n[1,2]\n{"c":true}';

describe("readNdjson", () => {
  it("yields events with line numbers and reports malformed lines without stopping", async () => {
    const { events, malformed } = await collect([sample]);
    expect(events.map((e) => [e.line, e.event])).toEqual([
      [1, { a: 1 }],
      [3, { b: "é😀" }],
      [6, { c: true }],
    ]);
    expect(malformed.map((m) => [m.line, m.source])).toEqual([
      [4, "t.ndjson"],
      [5, "t.ndjson"],
    ]);
    expect(malformed[0]?.reason).toMatch(/^invalid JSON/);
    expect(malformed[1]?.reason).toBe("not a JSON object but an array");
  });

  it("gives the same result however bytes are split into chunks", async () => {
    const bytes = new TextEncoder().encode(sample);
    const expected = await collect([sample]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = points.slice(1).map((end, i) => bytes.slice(points[i], end));
          const got = await collect(chunks);
          expect(got.events).toEqual(expected.events);
          expect(got.malformed.map((m) => m.line)).toEqual(expected.malformed.map((m) => m.line));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reports invalid UTF-8 on its own line and goes on", async () => {
    const bad = new Uint8Array([
      ...new TextEncoder().encode('{"a":1}\n{"b":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}\n{"c":2}\n'),
    ]);
    const { events, malformed } = await collect([bad]);
    expect(events.map((e) => e.line)).toEqual([1, 3]);
    expect(malformed).toEqual([{ source: "t.ndjson", line: 2, reason: "invalid UTF-8", excerpt: "" }]);
  });

  it("strips a byte-order mark on the first line", async () => {
    const { events } = await collect(['\uFEFF{"a":1}\n']);
    expect(events).toHaveLength(1);
  });

  it("reports over-long lines instead of buffering them", async () => {
    const { events, malformed } = await collect([`{"a":"${"x".repeat(100)}"}\n{"b":1}\n`], {
      maxLineLength: 50,
    });
    expect(events.map((e) => e.line)).toEqual([2]);
    expect(malformed[0]?.reason).toBe("line longer than 50 characters");
  });

  it("throws MalformedEventError on the first malformed line in strict mode", async () => {
    await expect(collect(["{}\nnope\n{}"], { strict: true })).rejects.toThrow(MalformedEventError);
    await expect(collect(["{}\nnope\n{}"], { strict: true })).rejects.toThrow("t.ndjson:2: invalid JSON");
  });
});

describe("readJsonDocument", () => {
  it("reads arrays of objects and reports non-objects by element", () => {
    const malformed: MalformedEvent[] = [];
    const events = [
      ...readJsonDocument('[{"a":1}, 3, {"b":2}]', {
        source: "x.json",
        onMalformed: (m) => malformed.push(m),
      }),
    ];
    expect(events.map((e) => e.line)).toEqual([1, 3]);
    expect(malformed.map((m) => m.line)).toEqual([2]);
  });
});

describe("event files", () => {
  const dir = mkdtempSync(join(tmpdir(), "kuery-events-"));
  writeFileSync(join(dir, "a.ndjson"), '{"n":1}\n{"n":2}\n');
  writeFileSync(join(dir, "b.ndjson.gz"), gzipSync('{"n":3}\nbroken\n'));
  writeFileSync(join(dir, "c.json"), '[{"n":4},{"n":5}]');
  writeFileSync(join(dir, "notes.txt"), "not events");

  it("expands directories to event files, sorted, skipping other files", async () => {
    const files = await resolveEventFiles([dir]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["a.ndjson", "b.ndjson.gz", "c.json"]);
  });

  it("reads NDJSON, gzip and JSON arrays", async () => {
    const seen: number[] = [];
    const malformed: MalformedEvent[] = [];
    for (const file of await resolveEventFiles([dir])) {
      for await (const { event } of readEventFile(file, { onMalformed: (m) => malformed.push(m) }))
        seen.push(event.n as number);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(malformed.map((m) => [m.source.endsWith("b.ndjson.gz"), m.line])).toEqual([[true, 2]]);
  });

  it("names a missing file", async () => {
    await expect(resolveEventFiles([join(dir, "missing.ndjson")])).rejects.toThrow(EventSourceError);
    await expect(resolveEventFiles([join(dir, "missing.ndjson")])).rejects.toThrow("no such file");
  });
});
