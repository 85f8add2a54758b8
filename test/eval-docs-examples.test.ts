import { expect, it } from "vitest";
import { compileQuery } from "../src/eval/index.js";

it("the examples of docs/semantics.md hold with the built-in ECS schema", () => {
  const ex: [string, object, boolean][] = [
    ["process.name:cmd.exe", { process: { name: "CMD.EXE" } }, false],
    ["process.name:*foo bar*", { process: { name: "x foo bar y" } }, true],
    ["process.command_line:*foo bar*", { process: { command_line: "bar.exe --x" } }, true],
    ["process.command_line:* curl*", { process: { command_line: "ls -la" } }, true],
    ["message:hello world", { message: "world peace" }, true],
    ['message:"hello world"', { message: "world hello" }, false],
    ["source.ip:10.0.0.0/8", { source: { ip: "10.1.2.3" } }, true],
    ["http.response.status_code:200", { http: { response: { status_code: "200" } } }, true],
    ["@timestamp > 2024-05-10", { "@timestamp": "2024-05-10T23:00:00Z" }, false],
    ["process.name.caseless:PowerShell.EXE", { process: { name: "powershell.exe" } }, true],
    [
      "user.first:alice and user.last:white",
      {
        user: [
          { first: "alice", last: "x" },
          { first: "y", last: "white" },
        ],
      },
      true,
    ],
  ];
  for (const [q, d, r] of ex) expect([q, compileQuery(q)(d)]).toEqual([q, r]);
});
