import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

function emit(env: Record<string, string>): string {
  return execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "test-support/emit.ts")],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

describe("the logger", () => {
  it("writes one JSON object a line in production, with the request id inside a request", () => {
    const lines = emit({ DISCLOSE_ENV: "production", LOG_FORMAT: "" })
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      level: "info",
      service: "portal",
      component: "reports",
      msg: "started",
    });
    expect(lines[0]).not.toHaveProperty("reqId");
    for (const line of lines.slice(1)) expect(line.reqId).toBe("req-1");
    expect(lines[1]).toMatchObject({ reportId: "r1", notifyEmail: "[redacted]" });
    expect(lines[2]).toMatchObject({ level: "error", component: "console" });
    expect(lines[3]?.link).toBe("https://portal.example/track/abc.[secret]");
    const all = lines.map((line) => JSON.stringify(line)).join("\n");
    expect(all).not.toContain("reporter@example.org");
    expect(all).not.toContain("SECRETSECRET");
  });

  it("writes readable lines for a person unless in production", () => {
    const out = emit({ DISCLOSE_ENV: "", LOG_FORMAT: "" });
    expect(out).not.toMatch(/^\{/m);
    expect(out).toMatch(/INFO.*reports req=req-1 report received/);
    expect(out).not.toContain("reporter@example.org");
  });

  it("refuses a bad LOG_LEVEL with a message naming it", () => {
    expect(() => emit({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});
