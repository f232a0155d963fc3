// Sign-in links through next-auth's real handler: an address without an account costs the same work as one
// with, and an address has at most one live link.
import { randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthOptions } from "./auth/next-auth";
import { nextAuthBrowser } from "./test-support/next-auth";
import { recordSql } from "./test-support/sql-recorder";
import { SIGN_IN_LINK_KEEP, SIGN_IN_LINK_UNDO } from "./use-cases/auth/send-sign-in-link";

const ADMIN_URL = "http://localhost:3001";

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
}, 120_000);
afterAll(() => t?.drop());
afterEach(() => vi.restoreAllMocks());

const browser = () => nextAuthBrowser(createAuthOptions({ db: () => db }), ADMIN_URL);
const tag = () => randomBytes(4).toString("hex");

async function member() {
  const user = await db.user.create({ data: { email: `member-${tag()}@example.test`, name: "Member" } });
  return user.email;
}

/** The sign-in links mailed to an address, oldest first. */
async function linksTo(email: string): Promise<string[]> {
  const mails = await db.outboxMessage.findMany({
    where: { toAddress: email },
    orderBy: { createdAt: "asc" },
  });
  return mails.map((m) => {
    const link = m.textBody.match(/http\S+\/api\/auth\/callback\/email\S+/)?.[0];
    if (!link) throw new Error("no sign-in link in the mail");
    return link;
  });
}

const sessionCookieOf = (response: Awaited<ReturnType<ReturnType<typeof browser>["openLink"]>>) =>
  response.cookies?.find((c) => c.name === "next-auth.session-token");

describe("asking for a sign-in link", () => {
  it("costs the same statements for an address without an account as for one with, and leaves nothing of it", async () => {
    // The rate limiter prunes old counters now and then: not on these requests.
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const known = await member();
    const unknown = `nobody-${tag()}@example.test`;
    await browser().requestLink(await member()); // warm: connections and prepared plans exist for both runs

    let knownAnswer: unknown;
    let unknownAnswer: unknown;
    const forKnown = await recordSql(db, async () => {
      knownAnswer = (await browser().requestLink(known)).redirect;
    });
    const forUnknown = await recordSql(db, async () => {
      unknownAnswer = (await browser().requestLink(unknown)).redirect;
    });

    expect(unknownAnswer).toBe(knownAnswer);
    expect(knownAnswer).toBe(`${ADMIN_URL}/api/auth/verify-request?provider=email&type=email`);
    // The real work, so that this cannot pass by both doing nothing.
    for (const part of ["INSERT INTO rate_limits", "INSERT INTO verification_tokens", "outbox_messages"]) {
      expect(forKnown.some((s) => s.includes(part))).toBe(true);
    }
    expect(forKnown.some((s) => s.includes("audit_append"))).toBe(true);
    expect(forKnown.some((s) => s.includes("add_job"))).toBe(true);
    expect(forKnown.at(-1)).toBe("COMMIT");
    // Statement for statement the same; only the savepoint is undone instead of kept.
    expect(forKnown.filter((s) => s === SIGN_IN_LINK_KEEP)).toHaveLength(1);
    expect(forUnknown).toEqual(forKnown.map((s) => (s === SIGN_IN_LINK_KEEP ? SIGN_IN_LINK_UNDO : s)));

    expect(await db.verificationToken.count({ where: { identifier: known } })).toBe(1);
    expect(await linksTo(known)).toHaveLength(1);
    expect(await db.verificationToken.count({ where: { identifier: unknown } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { toAddress: unknown } })).toBe(0);
    expect(await db.rateLimit.count()).toBeGreaterThan(0);
  });

  it("keeps one live link per address: a second request replaces the first, which no longer signs in", async () => {
    const email = await member();
    await browser().requestLink(email);
    await browser().requestLink(email);
    expect(await db.verificationToken.count({ where: { identifier: email } })).toBe(1);
    const [first, second] = await linksTo(email);

    const withFirst = await browser().openLink(first!);
    expect(withFirst.redirect).toBe(`${ADMIN_URL}/api/auth/error?error=Verification`);
    expect(sessionCookieOf(withFirst)).toBeUndefined();

    const withSecond = await browser().openLink(second!);
    expect(withSecond.redirect).toBe(`${ADMIN_URL}/`);
    expect(sessionCookieOf(withSecond)?.value).toBeTruthy();
    expect(await db.verificationToken.count({ where: { identifier: email } })).toBe(0);
  });

  it("leaves one live link when two requests for an address race", async () => {
    const email = await member();
    await Promise.all([
      browser().requestLink(email),
      browser().requestLink(email),
      browser().requestLink(email),
    ]);
    expect(await db.verificationToken.count({ where: { identifier: email } })).toBe(1);
    const links = await linksTo(email);
    expect(links).toHaveLength(3);
    const signedIn = [];
    for (const link of links) signedIn.push(sessionCookieOf(await browser().openLink(link)) !== undefined);
    expect(signedIn.filter(Boolean)).toHaveLength(1);
  });
});
