// DISCLOSE_ENV=production: a demo account (seeded by `pnpm start`, its authenticator's secret public in the
// repository) is no account: no sign-in link is mailed, and an old link does not sign it in.
import { randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthOptions } from "./auth/next-auth";
import { nextAuthBrowser } from "./test-support/next-auth";

// Before anything reads the environment (apiEnv() keeps what it read first); this file's modules are its own.
vi.hoisted(() => {
  process.env.DISCLOSE_ENV = "production";
  process.env.AUTH_SECRET = "a-production-secret-of-forty-characters!!";
});

const ADMIN_URL = "https://disclose.example.test";

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
}, 120_000);
afterAll(() => t?.drop());

const browser = () => nextAuthBrowser(createAuthOptions({ db: () => db }), ADMIN_URL);
const person = (isDemo: boolean) =>
  db.user.create({
    data: {
      email: `${isDemo ? "demo" : "member"}-${randomBytes(4).toString("hex")}@example.test`,
      name: "P",
      isDemo,
    },
  });

describe("sign-in in production", () => {
  it("mails a link to a real account and none to a demo account, answering both alike", async () => {
    const real = await person(false);
    const demo = await person(true);
    const realAnswer = await browser().requestLink(real.email);
    const demoAnswer = await browser().requestLink(demo.email);
    expect(demoAnswer.redirect).toBe(realAnswer.redirect);
    expect(await db.outboxMessage.count({ where: { toAddress: real.email } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { toAddress: demo.email } })).toBe(0);
  });

  it("does not sign a demo account in with a link it got before production", async () => {
    const demo = await person(true);
    await db.user.update({ where: { id: demo.id }, data: { isDemo: false } });
    await browser().requestLink(demo.email);
    const mail = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: demo.email } });
    const link = mail.textBody.match(/http\S+\/api\/auth\/callback\/email\S+/)?.[0];
    expect(link).toBeDefined();
    await db.user.update({ where: { id: demo.id }, data: { isDemo: true } });
    const response = await browser().openLink(link as string);
    expect(response.cookies?.some((c) => c.name.endsWith("next-auth.session-token"))).toBeFalsy();
    expect(await db.session.count({ where: { userId: demo.id } })).toBe(0);
  });
});
