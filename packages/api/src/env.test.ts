import { describe, expect, it } from "vitest";
import { parseApiEnv, productionEnvMessage, productionEnvProblems } from "./env";

const COMPLETE = {
  DISCLOSE_ENV: "production",
  AUTH_SECRET: "k".repeat(32),
  DATABASE_URL: "postgres://disclose_app:pw@db.internal/disclose",
  SMTP_URL: "smtps://user:pw@smtp.example.org:465",
  PORTAL_URL: "https://security.example.org",
  ADMIN_URL: "https://disclose.example.org",
};

describe("production configuration", () => {
  it("asks nothing outside production", () => {
    expect(productionEnvProblems({})).toEqual([]);
    expect(productionEnvProblems({ DISCLOSE_ENV: "development" })).toEqual([]);
  });

  it("accepts a complete configuration", () => {
    expect(productionEnvProblems(COMPLETE)).toEqual([]);
    expect(productionEnvProblems({ ...COMPLETE, DISCLOSE_TEST_CLOCK: "0" })).toEqual([]);
  });

  it("names every missing variable in one list", () => {
    const problems = productionEnvProblems({ DISCLOSE_ENV: "production", SMTP_URL: "  " });
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "AUTH_SECRET",
      "DATABASE_URL",
      "SMTP_URL",
      "PORTAL_URL",
      "ADMIN_URL",
    ]);
    const message = productionEnvMessage(problems);
    for (const name of ["AUTH_SECRET", "DATABASE_URL", "SMTP_URL", "PORTAL_URL", "ADMIN_URL", "README"])
      expect(message).toContain(name);
  });

  it.each([
    ["a short AUTH_SECRET", { AUTH_SECRET: "short" }, /AUTH_SECRET is shorter than 32/],
    ["an http PORTAL_URL", { PORTAL_URL: "http://security.example.org" }, /PORTAL_URL must be an https/],
    ["an ADMIN_URL without a host", { ADMIN_URL: "https://" }, /ADMIN_URL must be an https/],
    ["a javascript: URL", { ADMIN_URL: "javascript:alert(1)" }, /ADMIN_URL must be an https/],
    ["an http SMTP_URL", { SMTP_URL: "http://smtp.example.org" }, /SMTP_URL must start with smtp/],
    ["a mysql DATABASE_URL", { DATABASE_URL: "mysql://db/x" }, /DATABASE_URL must be a postgres/],
    [
      "a short AUTH_SECRET_PREVIOUS",
      { AUTH_SECRET_PREVIOUS: "p".repeat(31) },
      /AUTH_SECRET_PREVIOUS is shorter/,
    ],
    [
      "AUTH_SECRET_PREVIOUS equal to AUTH_SECRET",
      { AUTH_SECRET_PREVIOUS: "k".repeat(32) },
      /AUTH_SECRET_PREVIOUS is the same as AUTH_SECRET/,
    ],
    ["the test clock", { DISCLOSE_TEST_CLOCK: "1" }, /DISCLOSE_TEST_CLOCK is set/],
  ])("refuses %s", (_label, change, expected) => {
    const problems = productionEnvProblems({ ...COMPLETE, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });
});

describe("AUTH_SECRET_PREVIOUS", () => {
  const current = "c".repeat(40);

  it("is optional, and empty means unset", () => {
    expect(parseApiEnv({ AUTH_SECRET: current }).AUTH_SECRET_PREVIOUS).toBeUndefined();
    expect(
      parseApiEnv({ AUTH_SECRET: current, AUTH_SECRET_PREVIOUS: "" }).AUTH_SECRET_PREVIOUS,
    ).toBeUndefined();
    expect(productionEnvProblems({ ...COMPLETE, AUTH_SECRET_PREVIOUS: "" })).toEqual([]);
  });

  it("accepts another secret of 32+ characters", () => {
    const previous = "p".repeat(32);
    expect(parseApiEnv({ AUTH_SECRET: current, AUTH_SECRET_PREVIOUS: previous }).AUTH_SECRET_PREVIOUS).toBe(
      previous,
    );
    expect(productionEnvProblems({ ...COMPLETE, AUTH_SECRET_PREVIOUS: previous })).toEqual([]);
  });

  it.each([
    ["too short", "p".repeat(31), /at least 32 characters[\s\S]*at AUTH_SECRET_PREVIOUS/],
    ["blank but long", " ".repeat(40), null],
    ["equal to AUTH_SECRET", current, /same as AUTH_SECRET[\s\S]*at AUTH_SECRET_PREVIOUS/],
  ])("refuses one %s", (_label, previous, message) => {
    if (message) {
      expect(() => parseApiEnv({ AUTH_SECRET: current, AUTH_SECRET_PREVIOUS: previous })).toThrow(message);
    }
    expect(
      productionEnvProblems({ ...COMPLETE, AUTH_SECRET: current, AUTH_SECRET_PREVIOUS: previous }),
    ).toHaveLength(1);
  });
});
