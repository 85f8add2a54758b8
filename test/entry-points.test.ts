import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/shared.js";

/** Every module reachable from `entry` through relative imports, with its bare (package) imports. */
function moduleGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, "utf8");
    // Static imports only: a dynamic import() runs when called, never when the entry is loaded.
    const specifiers = [...source.matchAll(/^(?:import|export)[^"'\n]*?(?:from\s*)?["']([^"']+)["']/gm)].map(
      (m) => m[1] as string,
    );
    graph.set(
      file,
      specifiers.filter((s) => !s.startsWith(".")),
    );
    for (const s of specifiers) if (s.startsWith(".")) pending.push(resolve(dirname(file), s));
  }
  return graph;
}

const dist = join(repoRoot, "dist");

describe.skipIf(!existsSync(join(dist, "index.js")))("package entry points", () => {
  it("the core entry reaches no Node built-in (it must run in browsers)", () => {
    const graph = moduleGraph(join(dist, "index.js"));
    expect(graph.size).toBeGreaterThan(20);
    const nodeImports = [...graph].flatMap(([file, bare]) =>
      bare
        .filter((s) => s.startsWith("node:") || ["fs", "path", "zlib", "stream"].includes(s))
        .map((s) => `${file}: ${s}`),
    );
    expect(nodeImports).toEqual([]);
  });

  it("the node entry adds file loading on top of the core", async () => {
    const core = await import("../dist/index.js");
    const node = await import("../dist/node.js");
    for (const name of Object.keys(core)) expect(node).toHaveProperty(name);
    expect(typeof node.loadRules).toBe("function");
    expect(typeof node.readEventFiles).toBe("function");
    expect(typeof node.runRuleTests).toBe("function");
    expect("runRuleTests" in core).toBe(false);
  });

  it("loads rule files through the core entry's lazy loader", async () => {
    const core = await import("../dist/index.js");
    const rules = await core.loadRules(join(repoRoot, "rules"));
    expect(rules.length).toBeGreaterThanOrEqual(9);
  });

  it("exports the contract of shared/API.md from the core entry", async () => {
    const core = await import("../dist/index.js");
    for (const name of [
      "parse",
      "format",
      "compileQuery",
      "compileRule",
      "compileRules",
      "detect",
      "toElasticsearchQuery",
      "KqlSyntaxError",
    ]) {
      expect(typeof (core as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
