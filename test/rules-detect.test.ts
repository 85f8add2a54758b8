import { describe, expect, it } from "vitest";
import { compileRule } from "../src/rules/compile-rule.js";
import type { Alert } from "../src/rules/detect/alert-types.js";
import { type DetectOptions, detect } from "../src/rules/detect/detect.js";
import type { SkippedEvent } from "../src/rules/detect/stream-item.js";

const MIN = 60_000;
/** A fixed origin on an interval boundary of every test interval: 2025-01-01T00:00:00Z. */
const T0 = Date.UTC(2025, 0, 1);
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * MIN + seconds * 1000).toISOString();

async function run(
  rules: Parameters<typeof detect>[0],
  events: object[],
  options?: DetectOptions,
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for await (const alert of detect(rules, events, options)) alerts.push(alert);
  return alerts;
}

function rule(extra: Record<string, unknown>) {
  return compileRule(
    {
      rule_id: "r",
      name: "Rule",
      severity: "medium",
      risk_score: 47,
      query: "event.action: login",
      ...extra,
    },
    {},
  );
}

const login = (minutes: number, extra: Record<string, unknown> = {}) => ({
  "@timestamp": at(minutes),
  event: { action: "login" },
  ...extra,
});

describe("query rules", () => {
  it("stream run: one alert per matching event, Kibana-shaped", async () => {
    const r = rule({ type: "query", tags: ["t1"] });
    const alerts = await run(
      [r],
      [login(0, { user: { name: "alice" } }), { event: { action: "logout" } }, login(1)],
    );
    expect(alerts).toHaveLength(2);
    const first = alerts[0];
    expect(first?.["kibana.alert.rule.type"]).toBe("query");
    expect(first?.["kibana.alert.rule.rule_id"]).toBe("r");
    expect(first?.["kibana.alert.severity"]).toBe("medium");
    expect(first?.["kibana.alert.risk_score"]).toBe(47);
    expect(first?.["kibana.alert.original_time"]).toBe(at(0));
    expect(first?.["kibana.alert.reason"]).toBe("event by alice created medium alert Rule.");
    expect(first?.["kibana.alert.rule.tags"]).toEqual(["t1"]);
    expect(first?.source).toEqual(login(0, { user: { name: "alice" } }));
    expect(first?.["kibana.alert.uuid"]).not.toBe(alerts[1]?.["kibana.alert.uuid"]);
  });

  it("windowed run: at most max_signals per execution; the rest alert in a later overlapping window", async () => {
    // interval 5m, lookback 10m: executions at 5, 10, 15 …; each covers [T-10m, T].
    const r = rule({ type: "query", max_signals: 2, interval: "5m", from: "now-10m" });
    const events = [login(1), login(2), login(3), login(4)];
    const alerts = await run([r], events, { windowed: true });
    // Execution at 5m alerts on 1m and 2m; execution at 10m still sees 3m and 4m.
    expect(alerts.map((a) => a["kibana.alert.original_time"])).toEqual([at(1), at(2), at(3), at(4)]);
    expect(alerts.map((a) => a["@timestamp"])).toEqual([at(5), at(5), at(10), at(10)]);
  });

  it("windowed run without overlap: what max_signals cuts off is lost, as in Kibana", async () => {
    const r = rule({ type: "query", max_signals: 1, interval: "5m", from: "now-5m" });
    const alerts = await run([r], [login(1), login(2), login(6)], { windowed: true });
    expect(alerts.map((a) => a["kibana.alert.original_time"])).toEqual([at(1), at(6)]);
  });

  it("an event exactly on an execution time belongs to that execution's window (inclusive end)", async () => {
    const r = rule({ type: "query", max_signals: 1, interval: "5m", from: "now-5m" });
    const alerts = await run([r], [login(5), login(5, { n: 2 })], { windowed: true });
    // Windows [0,5] and [5,10] both hold 5m: the second event alerts in the second execution.
    expect(alerts.map((a) => a["@timestamp"])).toEqual([at(5), at(10)]);
  });

  it("the index decides applicability and supplies constants", async () => {
    const r = compileRule(
      {
        rule_id: "ds",
        name: "DS",
        severity: "low",
        risk_score: 1,
        type: "query",
        index: ["logs-aws.cloudtrail-*"],
        query: "event.dataset: aws.cloudtrail and event.action: login",
      },
      {
        dataStreams: { "aws.cloudtrail": { "event.dataset": "aws.cloudtrail", "event.module": "aws" } },
      },
    );
    const bare = { "@timestamp": at(0), event: { action: "login" } };
    expect(await run([r], [bare])).toHaveLength(0);
    expect(await run([r], [bare], { index: "logs-aws.cloudtrail-default" })).toHaveLength(1);
    expect(
      await run([r], [{ ...bare, _index: "logs-okta.system-default" }], {
        index: "logs-aws.cloudtrail-default",
      }),
    ).toHaveLength(0);
    const alerts = await run([r], [{ ...bare, _index: ".ds-logs-aws.cloudtrail-prod-2025.01.01-000001" }]);
    expect(alerts).toHaveLength(1);
    expect((alerts[0]?.source as { _index?: string } | undefined)?._index).toBe(
      ".ds-logs-aws.cloudtrail-prod-2025.01.01-000001",
    );
  });

  it("severity_mapping, risk_score_mapping and rule_name_override", async () => {
    const r = rule({
      type: "query",
      severity_mapping: [
        { field: "level", operator: "equals", value: "5", severity: "high" },
        { field: "level", operator: "equals", value: "9", severity: "critical" },
      ],
      risk_score_mapping: [{ field: "score", operator: "equals", value: "" }],
      rule_name_override: "title",
    });
    const [plain, mapped] = await run(
      [r],
      [login(0), login(1, { level: [5, 9], score: 88, title: "Custom" })],
    );
    expect(plain?.["kibana.alert.severity"]).toBe("medium");
    expect(mapped?.["kibana.alert.severity"]).toBe("critical");
    expect(mapped?.["kibana.alert.risk_score"]).toBe(88);
    expect(mapped?.["kibana.alert.rule.name"]).toBe("Custom");
  });
});

describe("threshold rules", () => {
  const threshold = (extra: Record<string, unknown> = {}) =>
    rule({
      type: "threshold",
      interval: "5m",
      from: "now-5m",
      threshold: { field: ["user.name"], value: 3 },
      ...extra,
    });
  const byUser = (minutes: number, user: string, extra: Record<string, unknown> = {}) =>
    login(minutes, { user: { name: user }, ...extra });

  it("alerts per group reaching the value inside one window", async () => {
    const events = [byUser(1, "a"), byUser(2, "b"), byUser(2, "a"), byUser(3, "a"), byUser(4, "b")];
    const alerts = await run([threshold()], events);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    if (alert?.["kibana.alert.rule.type"] !== "threshold") throw new Error("expected a threshold alert");
    expect(alert["kibana.alert.threshold_result"]).toEqual({
      terms: [{ field: "user.name", value: "a" }],
      count: 3,
      from: at(0),
    });
    expect(alert.source).toEqual({ "user.name": "a" });
    expect(alert["@timestamp"]).toBe(at(5));
    expect(alert["kibana.alert.original_time"]).toBe(at(3));
  });

  it("events split by a window edge do not add up", async () => {
    // 3m, 4m in window (0,5]; 5m is in both [0,5] and [5,10]; 6m only in [5,10].
    const split = [byUser(3, "a"), byUser(4, "a"), byUser(6, "a"), byUser(7, "a")];
    expect(await run([threshold()], split)).toHaveLength(0);
    const onEdge = [byUser(3, "a"), byUser(4, "a"), byUser(5, "a")];
    const alerts = await run([threshold()], onEdge);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.["@timestamp"]).toBe(at(5));
  });

  it("overlapping windows do not count events of an earlier alert again", async () => {
    const r = threshold({ from: "now-10m" });
    // Execution 5m: 1,2,3 → alert. Execution 10m sees 1..9 but only 6,7 are new → no alert.
    // Execution 15m sees 6,7,12 → a second alert.
    const events = [
      byUser(1, "a"),
      byUser(2, "a"),
      byUser(3, "a"),
      byUser(6, "a"),
      byUser(7, "a"),
      byUser(12, "a"),
    ];
    const alerts = await run([r], events);
    expect(alerts.map((a) => a["@timestamp"])).toEqual([at(5), at(15)]);
    const second = alerts[1];
    if (second?.["kibana.alert.rule.type"] !== "threshold") throw new Error("expected a threshold alert");
    expect(second["kibana.alert.threshold_result"].count).toBe(3);
    // Counted from the later of the window start (5m) and just after the previous alert's newest event (3m).
    expect(second["kibana.alert.threshold_result"].from).toBe(at(5));
  });

  it("threshold_result.from starts just after the previous alert when that is inside the window", async () => {
    const r = threshold({ from: "now-10m" });
    const events = [
      byUser(1, "a"),
      byUser(2, "a"),
      byUser(3, "a"),
      byUser(6, "a"),
      byUser(7, "a"),
      byUser(8, "a"),
    ];
    const alerts = await run([r], events);
    expect(alerts.map((a) => a["@timestamp"])).toEqual([at(5), at(10)]);
    const second = alerts[1];
    if (second?.["kibana.alert.rule.type"] !== "threshold") throw new Error("expected a threshold alert");
    expect(second["kibana.alert.threshold_result"].from).toBe(new Date(T0 + 3 * MIN + 1).toISOString());
  });

  it("no group-by field: all matching events form one group; missing group fields join none", async () => {
    const all = threshold({ threshold: { field: [], value: 2 } });
    expect(await run([all], [login(1), login(2)])).toHaveLength(1);
    const grouped = threshold({ threshold: { field: ["user.name"], value: 2 } });
    expect(await run([grouped], [login(1), login(2)])).toHaveLength(0);
  });

  it("multi-field groups and array values", async () => {
    const r = threshold({ threshold: { field: ["user.name", "host.name"], value: 2 } });
    const events = [
      login(1, { user: { name: "a" }, host: { name: ["h1", "h2"] } }),
      login(2, { user: { name: "a" }, host: { name: "h2" } }),
    ];
    const alerts = await run([r], events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.source).toEqual({ "user.name": "a", "host.name": "h2" });
  });

  it("cardinality: enough events AND enough distinct values", async () => {
    const r = threshold({
      threshold: { field: ["user.name"], value: 2, cardinality: [{ field: "source.ip", value: 2 }] },
    });
    const same = [
      byUser(1, "a", { source: { ip: "10.0.0.1" } }),
      byUser(2, "a", { source: { ip: "10.0.0.1" } }),
    ];
    expect(await run([r], same)).toHaveLength(0);
    const spread = [
      byUser(1, "a", { source: { ip: "10.0.0.1" } }),
      byUser(2, "a", { source: { ip: "10.0.0.2" } }),
    ];
    const alerts = await run([r], spread);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    if (alert?.["kibana.alert.rule.type"] !== "threshold") throw new Error("expected a threshold alert");
    expect(alert["kibana.alert.threshold_result"].cardinality).toEqual([{ field: "source.ip", value: 2 }]);
  });

  it("timestamp_override is the rule's clock; events without a time are reported, not counted", async () => {
    const r = threshold({ timestamp_override: "event.ingested", threshold: { field: [], value: 2 } });
    const skipped: SkippedEvent[] = [];
    const events = [
      { event: { action: "login", ingested: at(1) }, "@timestamp": at(100) },
      { event: { action: "login", ingested: at(2) }, "@timestamp": at(200) },
      { event: { action: "login" } },
    ];
    const alerts = await run([r], events, { onSkip: (s) => skipped.push(s) });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.["@timestamp"]).toBe(at(5));
    expect(skipped.map((s) => [s.reason, s.seq])).toEqual([["no-timestamp", 2]]);
  });

  it("late events (before every window still to run) are reported", async () => {
    const skipped: SkippedEvent[] = [];
    const r = threshold({ threshold: { field: [], value: 1 } });
    const alerts = await run([r], [login(20), login(1)], { onSkip: (s) => skipped.push(s) });
    expect(alerts).toHaveLength(1);
    expect(skipped.map((s) => s.reason)).toEqual(["late"]);
  });
});

describe("new_terms rules", () => {
  const newTerms = () =>
    rule({ type: "new_terms", new_terms_fields: ["user.name", "source.ip"], history_window_start: "now-1h" });
  const seen = (minutes: number, user: string, ip: string) =>
    login(minutes, { user: { name: user }, source: { ip } });

  it("alerts on the first occurrence of a combination, not on repeats within the history window", async () => {
    const alerts = await run(
      [newTerms()],
      [seen(0, "a", "1.1.1.1"), seen(5, "a", "1.1.1.1"), seen(6, "a", "2.2.2.2")],
    );
    expect(
      alerts.map((a) => (a["kibana.alert.rule.type"] === "new_terms" ? a["kibana.alert.new_terms"] : [])),
    ).toEqual([
      ["a", "1.1.1.1"],
      ["a", "2.2.2.2"],
    ]);
  });

  it("history window edge: seen exactly history ago is still seen; one millisecond more is new", async () => {
    const r = newTerms();
    const exactly = [seen(0, "a", "1.1.1.1"), seen(60, "a", "1.1.1.1")];
    expect(await run([r], exactly)).toHaveLength(1);
    const justOver = [
      seen(0, "a", "1.1.1.1"),
      { ...seen(60, "a", "1.1.1.1"), "@timestamp": new Date(T0 + 60 * MIN + 1).toISOString() },
    ];
    expect(await run([newTerms()], justOver)).toHaveLength(2);
  });

  it("history source: earlier events suppress alerts and never alert themselves", async () => {
    const history = [seen(-30, "a", "1.1.1.1"), seen(-90, "b", "1.1.1.1")];
    const alerts = await run([newTerms()], [seen(0, "a", "1.1.1.1"), seen(0, "b", "1.1.1.1")], { history });
    expect(alerts.map((a) => (a.source as { user: { name: string } }).user.name)).toEqual(["b"]);
  });

  it("only events matching the query count as history; a missing field is no term", async () => {
    const alerts = await run(
      [newTerms()],
      [
        { "@timestamp": at(0), event: { action: "logout" }, user: { name: "a" }, source: { ip: "1.1.1.1" } },
        seen(1, "a", "1.1.1.1"),
        login(2, { user: { name: "c" } }),
      ],
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.["kibana.alert.original_time"]).toBe(at(1));
  });

  it("array values: one alert per new combination", async () => {
    const alerts = await run(
      [newTerms()],
      [login(0, { user: { name: "a" }, source: { ip: ["1.1.1.1", "2.2.2.2"] } })],
    );
    expect(alerts).toHaveLength(2);
  });
});

describe("threat_match rules", () => {
  const threatRule = (extra: Record<string, unknown> = {}) =>
    rule({
      type: "threat_match",
      query: "destination.ip: *",
      threat_query: "threat.indicator.type: ipv4-addr",
      threat_index: ["logs-ti_*"],
      threat_mapping: [
        { entries: [{ field: "destination.ip", type: "mapping", value: "threat.indicator.ip" }] },
        {
          entries: [
            { field: "url.domain", type: "mapping", value: "threat.indicator.url.domain" },
            { field: "url.port", type: "mapping", value: "threat.indicator.url.port" },
          ],
        },
      ],
      ...extra,
    });
  const indicators = [
    {
      _id: "i1",
      _index: "logs-ti_abuse.ip-default",
      threat: { indicator: { type: "ipv4-addr", ip: "203.0.113.7" } },
    },
    {
      _id: "i2",
      _index: "logs-ti_abuse.ip-default",
      threat: { indicator: { type: "domain", ip: "203.0.113.8" } },
    },
    { _id: "i3", _index: "other-index", threat: { indicator: { type: "ipv4-addr", ip: "203.0.113.9" } } },
    {
      _id: "i4",
      _index: "logs-ti_x-default",
      threat: { indicator: { type: "ipv4-addr", url: { domain: "bad.example", port: 8443 } } },
    },
  ];
  const conn = (ip: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": at(0),
    destination: { ip },
    ...extra,
  });

  it("joins events to indicators on a mapping entry, with enrichments", async () => {
    const alerts = await run([threatRule()], [conn("203.0.113.7"), conn("198.51.100.1")], { indicators });
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    if (alert?.["kibana.alert.rule.type"] !== "threat_match")
      throw new Error("expected a threat_match alert");
    expect(alert["threat.enrichments"]).toEqual([
      {
        indicator: { type: "ipv4-addr", ip: "203.0.113.7" },
        matched: {
          atomic: "203.0.113.7",
          field: "destination.ip",
          id: "i1",
          index: "logs-ti_abuse.ip-default",
          type: "indicator_match_rule",
        },
      },
    ]);
  });

  it("threat_query and threat_index filter indicators", async () => {
    expect(await run([threatRule()], [conn("203.0.113.8")], { indicators })).toHaveLength(0);
    expect(await run([threatRule()], [conn("203.0.113.9")], { indicators })).toHaveLength(0);
  });

  it("AND inside an entry group, OR across groups", async () => {
    const both = conn("198.51.100.1", { url: { domain: "bad.example", port: 8443 } });
    const domainOnly = conn("198.51.100.1", { url: { domain: "bad.example", port: 443 } });
    expect(await run([threatRule()], [both], { indicators })).toHaveLength(1);
    expect(await run([threatRule()], [domainOnly], { indicators })).toHaveLength(0);
  });

  it("negated entries require different values", async () => {
    const r = threatRule({
      threat_mapping: [
        {
          entries: [
            { field: "destination.ip", type: "mapping", value: "threat.indicator.ip" },
            { field: "source.ip", type: "mapping", value: "threat.indicator.ip", negate: true },
          ],
        },
      ],
    });
    expect(
      await run([r], [conn("203.0.113.7", { source: { ip: "203.0.113.7" } })], { indicators }),
    ).toHaveLength(0);
    expect(
      await run([r], [conn("203.0.113.7", { source: { ip: "10.0.0.1" } })], { indicators }),
    ).toHaveLength(1);
  });

  it("without indicators nothing alerts", async () => {
    expect(await run([threatRule()], [conn("203.0.113.7")])).toHaveLength(0);
  });
});

describe("event sources", () => {
  it("accepts arrays, iterables and async iterables", async () => {
    const r = rule({ type: "query" });
    function* sync() {
      yield login(0);
      yield login(1);
    }
    async function* asyncGen() {
      yield login(0);
    }
    expect(await run([r], [...sync()])).toHaveLength(2);
    const fromSync: Alert[] = [];
    for await (const a of detect([r], sync())) fromSync.push(a);
    expect(fromSync).toHaveLength(2);
    const fromAsync: Alert[] = [];
    for await (const a of detect([r], asyncGen())) fromAsync.push(a);
    expect(fromAsync).toHaveLength(1);
  });
});
