import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAIL_FROM, findRepoRoot, parseEmailEnv } from "./env";

describe("parseEmailEnv", () => {
  it("defaults to the local sink when SMTP_URL is unset", () => {
    const env = parseEmailEnv({});
    expect(env).toMatchObject({
      smtpUrl: "smtp://127.0.0.1:1025",
      usesRealSmtp: false,
      mailFrom: DEFAULT_MAIL_FROM,
      sinkSmtpPort: 1025,
      sinkHttpPort: 1080,
      sinkBaseUrl: "http://127.0.0.1:1080",
    });
    expect(env.sinkDir).toBe(path.join(findRepoRoot(), ".data", "mail"));
  });

  it("uses SMTP_URL when set, and an empty value counts as unset", () => {
    expect(parseEmailEnv({ SMTP_URL: "smtps://u:p@mail.example.org:465" })).toMatchObject({
      smtpUrl: "smtps://u:p@mail.example.org:465",
      usesRealSmtp: true,
    });
    expect(parseEmailEnv({ SMTP_URL: "" }).usesRealSmtp).toBe(false);
    expect(parseEmailEnv({ SMTP_SINK_PORT: "2525" }).smtpUrl).toBe("smtp://127.0.0.1:2525");
  });

  it("reads the worker's sweep interval, empty meaning the default", () => {
    expect(parseEmailEnv({}).workerSweepMs).toBeUndefined();
    expect(parseEmailEnv({ EMAIL_WORKER_SWEEP_MS: "" }).workerSweepMs).toBeUndefined();
    expect(parseEmailEnv({ EMAIL_WORKER_SWEEP_MS: "500" }).workerSweepMs).toBe(500);
    expect(() => parseEmailEnv({ EMAIL_WORKER_SWEEP_MS: "10" })).toThrow(/EMAIL_WORKER_SWEEP_MS/);
  });

  it("names every bad variable", () => {
    expect(() => parseEmailEnv({ SMTP_URL: "http://x", SMTP_SINK_PORT: "70000" })).toThrow(
      /SMTP_URL: .*SMTP_SINK_PORT: /,
    );
  });

  it("finds the repository root", () => {
    expect(findRepoRoot(import.meta.dirname)).toBe(path.resolve(import.meta.dirname, "../../.."));
  });
});
