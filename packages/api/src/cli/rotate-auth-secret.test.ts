// `pnpm auth:rotate` refuses a configuration it cannot rotate with before it touches any database (the
// DATABASE_URL below points at nothing listening: a connection attempt would be an error, not a refusal).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const NEW = "new-auth-secret-".padEnd(44, "n");
const OLD = "old-auth-secret-".padEnd(44, "o");

async function rotate(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const base = {
    NODE_ENV: "test" as const,
    PATH: process.env.PATH ?? "",
    DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:9/none",
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/rotate-auth-secret.ts"],
      {
        cwd: packageDir,
        env: { ...base, ...env },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("pnpm auth:rotate refuses, changing nothing", () => {
  it.each([
    [
      "without AUTH_SECRET_PREVIOUS",
      { AUTH_SECRET: NEW },
      /AUTH_SECRET_PREVIOUS is not set[\s\S]*Nothing was changed/,
    ],
    [
      "with an empty AUTH_SECRET_PREVIOUS",
      { AUTH_SECRET: NEW, AUTH_SECRET_PREVIOUS: "" },
      /AUTH_SECRET_PREVIOUS is not set/,
    ],
    [
      "with AUTH_SECRET_PREVIOUS equal to AUTH_SECRET",
      { AUTH_SECRET: NEW, AUTH_SECRET_PREVIOUS: NEW },
      /same as AUTH_SECRET/,
    ],
    [
      "with a short AUTH_SECRET_PREVIOUS",
      { AUTH_SECRET: NEW, AUTH_SECRET_PREVIOUS: "too-short" },
      /at least 32 characters[\s\S]*AUTH_SECRET_PREVIOUS/,
    ],
    [
      "without AUTH_SECRET (never the development fallback)",
      { AUTH_SECRET_PREVIOUS: OLD },
      /AUTH_SECRET is not set/,
    ],
    [
      "in production with a short AUTH_SECRET_PREVIOUS",
      {
        DISCLOSE_ENV: "production",
        AUTH_SECRET: NEW,
        AUTH_SECRET_PREVIOUS: "short",
        SMTP_URL: "smtp://mail.example.org",
        PORTAL_URL: "https://security.example.org",
        ADMIN_URL: "https://disclose.example.org",
      },
      /AUTH_SECRET_PREVIOUS is shorter than 32/,
    ],
  ])("%s", async (_label, env, message) => {
    const { code, output } = await rotate(env);
    expect(code).toBe(2);
    expect(output).toMatch(message);
    expect(output).not.toContain(NEW);
    expect(output).not.toContain(OLD);
  });
});
