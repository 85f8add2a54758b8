import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchCommand } from "../src/cli/commands/search.js";
import { CliError } from "../src/cli/io.js";
import { memoryIo } from "./helpers/memory-io.js";
import { type StubCluster, startStubCluster } from "./helpers/stub-cluster.js";

const ruleToml = (id: string, index: string, query: string, type = "query", extra = "") => `[metadata]
creation_date = "2024/01/01"
maturity = "production"
updated_date = "2024/01/01"

[rule]
author = ["test"]
description = "test rule ${id}"
from = "now-9m"
index = ["${index}"]
language = "kuery"
license = "Elastic License v2"
name = "Rule ${id}"
risk_score = 47
rule_id = "${id}"
severity = "medium"
type = "${type}"
${extra}
query = '''
${query}
'''
`;

const docs = [1, 2, 3].map((n) => ({
  "@timestamp": `2024-05-01T10:0${n}:00.000Z`,
  event: { category: "process" },
  process: { name: "cmd.exe" },
  user: { name: `user-${n}` },
}));

const apiKey = "c2VjcmV0LWtleS1pZDpzZWNyZXQta2V5LXZhbHVl";
let dir: string;
let server: StubCluster;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kuery-search-"));
  writeFileSync(join(dir, "a.toml"), ruleToml("rule-a", "logs-a-*", "process.name:cmd.exe"));
  writeFileSync(join(dir, "b.toml"), ruleToml("rule-b", "logs-b-*", "process.name:cmd.exe"));
  writeFileSync(
    join(dir, "t.toml"),
    ruleToml(
      "rule-t",
      "logs-a-*",
      "event.category:process",
      "threshold",
      '[rule.threshold]\nfield = ["user.name"]\nvalue = 2\n',
    ),
  );
  server = await startStubCluster({
    flavor: "elasticsearch",
    docs: { "logs-a-1": docs },
    faults: [
      {
        // Rule b's index pattern is refused, echoing the caller's credentials back.
        when: (request) => request.path.startsWith("/logs-b-*"),
        status: 400,
        body: { error: { type: "illegal_argument_exception", reason: `bad request from ApiKey ${apiKey}` } },
      },
    ],
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("kuery search", () => {
  it("prints alerts as NDJSON, per-rule errors and a summary on stderr, never the API key", async () => {
    const io = memoryIo({ KUERY_ES_API_KEY: apiKey });
    const code = await searchCommand.run(["--es", server.url, "--rules", dir, "--page-size", "2"], io);
    const lines = io.out().trimEnd().split("\n");
    const alerts = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts).toHaveLength(3);
    expect(alerts.map((alert) => alert["kibana.alert.rule.rule_id"])).toEqual(["rule-a", "rule-a", "rule-a"]);
    expect(alerts.map((alert) => alert["kibana.alert.original_time"])).toEqual(
      docs.map((d) => d["@timestamp"]),
    );
    expect(alerts[0]?.["kuery.rule.file"]).toBe(join(dir, "a.toml"));
    const err = io.err();
    expect(err).toMatch(/rule rule-b \(Rule rule-b\): .*400 illegal_argument_exception/);
    expect(err).toMatch(
      /rule rule-t \(Rule rule-t\): not run: threshold rules are not supported on the cluster yet/,
    );
    expect(err).toMatch(/3 rules: 1 ok, 1 failed, 1 not supported on the cluster; 3 alerts/);
    expect(`${io.out()}${err}`).not.toContain(apiKey);
    expect(err).toContain("[REDACTED]");
    // The key was sent all the same.
    expect(server.requests.some((r) => r.headers.authorization === `ApiKey ${apiKey}`)).toBe(true);
    expect(code).toBe(2);
  });

  it("--json: results and summary as JSON lines; exit 1 when alerts and no failures", async () => {
    const io = memoryIo();
    const code = await searchCommand.run(
      [
        "--es",
        server.url,
        "--rules",
        join(dir, "a.toml"),
        "--username",
        "elastic",
        "--password",
        "pw-secret-1",
        "--json",
      ],
      io,
    );
    expect(code).toBe(0);
    const records = io
      .err()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    expect(records[0]?.rule).toMatchObject({ ruleId: "rule-a", status: "ok", alerts: 3, pit: true });
    expect(records[1]?.summary).toMatchObject({ rules: 1, ok: 1, failed: 0, alerts: 3, loadErrors: 0 });
    expect(io.out().trimEnd().split("\n")).toHaveLength(3);
    const basic = `Basic ${Buffer.from("elastic:pw-secret-1").toString("base64")}`;
    expect(server.requests.some((r) => r.headers.authorization === basic)).toBe(true);
    expect(`${io.out()}${io.err()}`).not.toContain("pw-secret-1");
  });

  it("--index, --from, --to and --max-alerts shape the request", async () => {
    const before = server.requests.length;
    const io = memoryIo();
    const code = await searchCommand.run(
      [
        "--es",
        server.url,
        join(dir, "a.toml"),
        "--index",
        "logs-a-1",
        "--from",
        "now-2h",
        "--to",
        "now-1h",
        "--max-alerts",
        "1",
        "--no-pit",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.out().trimEnd().split("\n")).toHaveLength(1);
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/logs-a-1/_search");
    expect(JSON.stringify(sent[0]?.body?.query)).toContain('"lte":"now-1h","gte":"now-2h"');
    expect(io.err()).toMatch(/stopped at 1 alerts/);
  });

  it("--field-caps asks the cluster for the rule's fields first", async () => {
    const before = server.requests.length;
    const io = memoryIo();
    const code = await searchCommand.run(["--es", server.url, join(dir, "a.toml"), "--field-caps"], io);
    expect(code).toBe(0);
    const sent = server.requests.slice(before);
    expect(sent[0]?.path).toBe("/logs-a-*/_field_caps");
    expect(sent.some((r) => r.path === "/_search")).toBe(true);
    await expect(
      searchCommand.run(
        ["--es", server.url, join(dir, "a.toml"), "--field-caps", "--fields", "f.json"],
        memoryIo(),
      ),
    ).rejects.toThrow(/either --fields or --field-caps/);
  });

  it("no alerts: exit 0", async () => {
    const io = memoryIo();
    const code = await searchCommand.run(
      ["--es", server.url, join(dir, "a.toml"), "--index", "logs-none-*"],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toBe("");
    expect(io.err()).toMatch(/1 rule: 1 ok, 0 failed, 0 not supported on the cluster; 0 alerts/);
  });

  it("usage errors", async () => {
    await expect(searchCommand.run(["--rules", dir], memoryIo())).rejects.toThrow(/--es or KUERY_ES_URL/);
    await expect(searchCommand.run(["--es", server.url], memoryIo())).rejects.toThrow(CliError);
    await expect(
      searchCommand.run(
        ["--es", server.url, dir, "--api-key", "k", "--username", "u", "--password", "p"],
        memoryIo(),
      ),
    ).rejects.toThrow(/either --api-key or --username/);
    await expect(searchCommand.run(["--es", server.url, dir, "--username", "u"], memoryIo())).rejects.toThrow(
      /both a username and a password/,
    );
    await expect(
      searchCommand.run(["--es", server.url, dir, "--page-size", "0"], memoryIo()),
    ).rejects.toThrow(/--page-size takes a whole number/);
  });

  it("a CA file that cannot be read: a clear error without its content", async () => {
    const io = memoryIo({ KUERY_ES_CA: join(dir, "missing-ca.pem") });
    await expect(searchCommand.run(["--es", server.url, join(dir, "a.toml")], io)).rejects.toThrow(
      /cannot read the CA file .*missing-ca\.pem: ENOENT/,
    );
  });

  it("has usage text naming every option", () => {
    for (const option of [
      "--es",
      "--rules",
      "--index",
      "--from",
      "--to",
      "--api-key",
      "--username",
      "--password",
      "--ca",
      "--opensearch",
      "--json",
    ]) {
      expect(searchCommand.usage).toContain(option);
    }
  });
});
