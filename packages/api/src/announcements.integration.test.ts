// Issue 14, the announcement: people subscribe on the portal (double opt-in), confirm once, and leave with one
// click (RFC 8058); at release every confirmed subscriber gets the announcement through the outbox, each with their
// own unsubscribe link and List-Unsubscribe headers; the PST sees counts and the text for other channels.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ZAdvisoryContent } from "@disclose/advisories";
import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import {
  createCaptureTransport,
  deliverOutboxMessage,
  installJobQueue,
  parseCapturedEmail,
} from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { PEER_HEADER } from "./http/peer";
import { createOneClickUnsubscribeHandler } from "./http/unsubscribe-route";
import { createPortalCaller } from "./root";
import { adminCallerAs } from "./test-support/admin-caller";
import { userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { announcementText } from "./use-cases/announcements/announcement-text";
import { enqueueAnnouncement } from "./use-cases/announcements/enqueue-announcement";
import { eraseLapsedSubscribers } from "./use-cases/announcements/erase-lapsed-subscribers";
import { unsubscribeToken } from "./use-cases/announcements/subscriber-tokens";

const PORTAL_URL = "http://localhost:3000";
const now = new Date("2026-12-11T12:00:00Z");
const DAY = 86_400_000;

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await db.settings.update({ where: { id: 1 }, data: { projectName: "CoreDNS" } });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

/** A portal caller from its own client address (so the per-client limit only decides the test that is about it). */
async function portal(at = now, clientIp = `10.14.${randomBytes(1)[0]}.${randomBytes(1)[0]}`) {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db,
      now: at,
      headers: new Headers({ origin: PORTAL_URL, [PEER_HEADER]: clientIp }),
    }),
  );
}

const address = (tag = randomBytes(4).toString("hex")) => `sub-${tag}@example.org`;
const subscriber = (email: string) =>
  db.announcementSubscriber.findUniqueOrThrow({ where: { email: email.toLowerCase() } });

/** The confirmation link of the latest email to `email`, with its token. */
async function confirmationTo(email: string) {
  const message = await db.outboxMessage.findFirstOrThrow({
    where: { toAddress: email.toLowerCase(), subject: { startsWith: "Confirm your subscription" } },
    orderBy: { createdAt: "desc" },
  });
  const link = /http:\/\/localhost:3000\/announcements\/confirm\?t=([A-Za-z0-9_-]{43})(&f=1)?/.exec(
    message.textBody,
  );
  if (!link) throw new Error("no confirmation link");
  return { id: message.id, link: link[0], token: link[1] as string, forthcoming: link[2] !== undefined };
}

async function confirmed(email: string, forthcoming = false) {
  await (await portal()).announcements.subscribe({ email, forthcoming });
  const { token } = await confirmationTo(email);
  await (await portal()).announcements.confirm({ token, forthcoming });
  return subscriber(email);
}

describe("subscribing (double opt-in)", () => {
  it("stores a pending subscriber and the hash of a one-time token, and emails the confirmation link", async () => {
    const email = address();
    expect(
      await (await portal()).announcements.subscribe({
        email: ` ${email.toUpperCase()} `,
        forthcoming: true,
      }),
    ).toEqual({
      ok: true,
    });
    const row = await subscriber(email);
    expect(row).toMatchObject({ status: "pending", forthcomingNotices: true, confirmedAt: null });
    const { token, forthcoming } = await confirmationTo(email);
    expect(forthcoming).toBe(true);
    expect(row.confirmTokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);

    expect(await (await portal()).announcements.confirm({ token, forthcoming: true })).toEqual({
      confirmed: true,
      forthcoming: true,
    });
    expect(await subscriber(email)).toMatchObject({
      status: "confirmed",
      confirmedAt: now,
      confirmTokenHash: null,
      forthcomingNotices: true,
    });
    // Once only.
    expect(await errorOf((await portal()).announcements.confirm({ token, forthcoming: true }))).toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
  });

  it("refuses an expired, unknown or malformed confirmation link with one answer", async () => {
    const email = address();
    await (await portal()).announcements.subscribe({ email, forthcoming: false });
    const { token } = await confirmationTo(email);
    const late = await portal(new Date(now.getTime() + 8 * DAY));
    const answers = await Promise.all(
      [token, randomBytes(32).toString("base64url"), "short", "x".repeat(200), `${token}\r\n`].map(
        async (tk) =>
          errorOf(
            (tk === token ? late : await portal()).announcements.confirm({ token: tk, forthcoming: false }),
          ),
      ),
    );
    expect(new Set(answers.map((a) => `${a.code} ${a.message}`)).size).toBe(1);
    expect(answers[0]?.code).toBe("NOT_FOUND");
    expect((await subscriber(email)).status).toBe("pending");
  });

  it("answers the same for a new, pending, confirmed or unsubscribed address, re-sending a confirmation each time", async () => {
    const fresh = address();
    const pending = address();
    await (await portal()).announcements.subscribe({ email: pending });
    const member = address();
    const memberRow = await confirmed(member, true);
    const gone = address();
    const goneRow = await confirmed(gone);
    await (await portal()).announcements.unsubscribe({
      subscriberId: goneRow.id,
      token: unsubscribeToken(goneRow.id),
    });

    for (const email of [fresh, pending, member, gone]) {
      const before = await db.outboxMessage.count({ where: { toAddress: email } });
      expect(await (await portal()).announcements.subscribe({ email, forthcoming: false })).toEqual({
        ok: true,
      });
      expect(await db.outboxMessage.count({ where: { toAddress: email } })).toBe(before + 1);
    }
    // A stranger typing a confirmed address changes neither its state nor its preference.
    expect(await subscriber(member)).toMatchObject({
      id: memberRow.id,
      status: "confirmed",
      forthcomingNotices: true,
    });
    expect(await subscriber(gone)).toMatchObject({ id: goneRow.id, status: "pending", unsubscribedAt: null });
    expect(await subscriber(pending)).toMatchObject({ status: "pending" });
    // Only the latest link works.
    expect(
      await db.announcementSubscriber.count({ where: { email: { in: [fresh, pending, member, gone] } } }),
    ).toBe(4);
  });

  it.each([
    ["no at sign", "not-an-address"],
    ["no domain", "a@"],
    ["a display name", "Eve <eve@example.org>"],
    ["two addresses", "a@example.org, b@example.org"],
    ["header injection", "a@example.org\r\nBcc: eve@example.org"],
    ["a line feed inside", "a@exa\nmple.org"],
    ["a NUL", "a@example.org\u0000"],
    ["a right-to-left override", "a\u202e@example.org"],
    ["too long", `${"a".repeat(250)}@example.org`],
    ["very long", `${"a".repeat(5_000)}@example.org`],
    ["empty", "   "],
  ])("refuses %s, naming the field, and writes nothing", async (_name, email) => {
    const before = await db.announcementSubscriber.count();
    const outbox = await db.outboxMessage.count();
    const error = await errorOf((await portal()).announcements.subscribe({ email, forthcoming: false }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await db.announcementSubscriber.count()).toBe(before);
    expect(await db.outboxMessage.count()).toBe(outbox);
  });

  it("names the email field in a refusal", async () => {
    const error = await (await portal()).announcements
      .subscribe({ email: "nope", forthcoming: false })
      .catch((e) => e);
    expect(error.cause?.details?.field).toBe("email");
  });

  it("limits how often one address is sent a confirmation, whoever asks", async () => {
    const email = address();
    for (let i = 0; i < 3; i++) await (await portal()).announcements.subscribe({ email });
    expect(
      await errorOf((await portal()).announcements.subscribe({ email: email.toUpperCase() })),
    ).toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await db.outboxMessage.count({ where: { toAddress: email } })).toBe(3);
  });
});

describe("unsubscribing", () => {
  it("refuses a forged token, another subscriber's token and a malformed link with one answer", async () => {
    const a = await confirmed(address());
    const b = await confirmed(address());
    const caller = await portal();
    const answers = await Promise.all([
      errorOf(
        caller.announcements.unsubscribe({
          subscriberId: a.id,
          token: randomBytes(32).toString("base64url"),
        }),
      ),
      errorOf(caller.announcements.unsubscribe({ subscriberId: a.id, token: unsubscribeToken(b.id) })),
      errorOf(
        caller.announcements.unsubscribe({ subscriberId: "not-a-uuid", token: unsubscribeToken(a.id) }),
      ),
      errorOf(caller.announcements.unsubscribe({ subscriberId: a.id, token: `${unsubscribeToken(a.id)}x` })),
      errorOf(
        caller.announcements.unsubscribe({ subscriberId: a.id.toUpperCase(), token: unsubscribeToken(a.id) }),
      ),
      errorOf(
        caller.announcements.unsubscribe({ subscriberId: randomUUID(), token: unsubscribeToken(a.id) }),
      ),
    ]);
    expect(new Set(answers.map((x) => `${x.code} ${x.message}`)).size).toBe(1);
    expect(answers[0]?.code).toBe("NOT_FOUND");
    expect((await subscriber(a.email)).status).toBe("confirmed");
    expect((await subscriber(b.email)).status).toBe("confirmed");
  });

  it("unsubscribes with the subscriber's own token, twice with the same answer", async () => {
    const a = await confirmed(address());
    const caller = await portal();
    const token = unsubscribeToken(a.id);
    expect(await caller.announcements.unsubscribe({ subscriberId: a.id, token })).toEqual({
      unsubscribed: true,
    });
    expect(await caller.announcements.unsubscribe({ subscriberId: a.id, token })).toEqual({
      unsubscribed: true,
    });
    expect(await subscriber(a.email)).toMatchObject({ status: "unsubscribed", unsubscribedAt: now });
  });

  describe("the one-click route (RFC 8058)", () => {
    const handler = createOneClickUnsubscribeHandler({ appUrl: PORTAL_URL, db: () => db, now: () => now });
    const url = (id: string, token: string) =>
      `${PORTAL_URL}/announcements/unsubscribe/one-click?s=${id}&t=${token}`;
    const post = (
      target: string,
      body = "List-Unsubscribe=One-Click",
      type = "application/x-www-form-urlencoded",
    ) =>
      handler.POST(
        new Request(target, {
          method: "POST",
          body,
          // A mail provider posts from its own servers: no Origin, and no portal cookie.
          headers: { "content-type": type, [PEER_HEADER]: `10.15.${randomBytes(1)[0]}.1` },
        }),
      );

    it("never unsubscribes on GET: it sends the browser to the page with the button", async () => {
      const a = await confirmed(address());
      const token = unsubscribeToken(a.id);
      const response = await handler.GET(new Request(url(a.id, token)));
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(
        `${PORTAL_URL}/announcements/unsubscribe?s=${a.id}&t=${token}`,
      );
      expect((await subscriber(a.email)).status).toBe("confirmed");
    });

    it("unsubscribes on the one-click POST, urlencoded or multipart, without an Origin", async () => {
      const a = await confirmed(address());
      const response = await post(url(a.id, unsubscribeToken(a.id)));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("unsubscribed");
      expect((await subscriber(a.email)).status).toBe("unsubscribed");

      const b = await confirmed(address());
      const form = new FormData();
      form.set("List-Unsubscribe", "One-Click");
      const multipart = await handler.POST(
        new Request(url(b.id, unsubscribeToken(b.id)), {
          method: "POST",
          body: form,
          headers: { [PEER_HEADER]: "10.15.9.9" },
        }),
      );
      expect(multipart.status).toBe(200);
      expect((await subscriber(b.email)).status).toBe("unsubscribed");
    });

    it("refuses a forged or another subscriber's link, and a POST without the one-click body", async () => {
      const a = await confirmed(address());
      const b = await confirmed(address());
      expect((await post(url(a.id, unsubscribeToken(b.id)))).status).toBe(404);
      expect((await post(url(a.id, randomBytes(32).toString("base64url")))).status).toBe(404);
      expect((await post(`${PORTAL_URL}/announcements/unsubscribe/one-click`)).status).toBe(404);
      expect((await post(url(a.id, unsubscribeToken(a.id)), "List-Unsubscribe=Yes")).status).toBe(400);
      expect((await post(url(a.id, unsubscribeToken(a.id)), "x".repeat(5_000))).status).toBe(413);
      expect((await subscriber(a.email)).status).toBe("confirmed");
    });
  });
});

const contentInput = {
  title: "Cache poisoning in the forward plugin",
  summary: "A crafted response can poison the forward plugin's cache.",
  description: "The forward plugin accepts an answer whose id does not match the query's.",
  affected: [
    {
      kind: "package",
      ecosystem: "Go",
      name: "github.com/coredns/coredns",
      ranges: [{ type: "SEMVER", events: [{ introduced: "1.0.0" }, { fixed: "1.12.3" }] }],
    },
  ],
  vulnerabilities: [
    {
      id: "v1",
      cveId: "CVE-2026-12345",
      cweId: null,
      cvssVector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
      title: "Cache poisoning",
    },
  ],
  credits: [{ name: "Ada Finder", type: "finder" }],
  fixes: [{ url: "https://github.com/coredns/coredns/pull/7001", title: "forward: check the answer's id" }],
  upgradeInstructions: "Upgrade to **1.12.3**.",
  workarounds: "Disable the cache of the forward plugin.",
};
const content = ZAdvisoryContent.parse(contentInput);
const meta = { id: "DISCLOSE-2026-0001", url: `${PORTAL_URL}/advisories/DISCLOSE-2026-0001` };

describe("enqueueAnnouncement", () => {
  it("writes one email per confirmed subscriber, each with its own links and headers, and skips the others", async () => {
    // A database of its own: the subscribers of this test only.
    const own = await createTestDatabase();
    try {
      await installJobQueue(own.url);
      const odb = own.db;
      await odb.settings.update({ where: { id: 1 }, data: { projectName: "CoreDNS" } });
      const rows = Array.from({ length: 30 }, (_, i) => ({
        id: randomUUID(),
        email: `s${i}@example.org`,
        status: i < 20 ? "confirmed" : i < 25 ? "pending" : "unsubscribed",
        forthcomingNotices: i % 2 === 0,
        createdAt: now,
      }));
      await odb.announcementSubscriber.createMany({ data: rows });
      // A stored address the outbox would refuse (written around the form) is skipped, not fatal to the rest.
      await odb.announcementSubscriber.create({
        data: { id: randomUUID(), email: "not an address", status: "confirmed", createdAt: now },
      });
      const confirmedRows = rows.slice(0, 20);

      const result = await odb.$transaction((tx) =>
        enqueueAnnouncement(tx, {
          kind: "release",
          content,
          meta,
          advisoryId: null,
          caseId: null,
          actorId: null,
          now,
          portalUrl: PORTAL_URL,
        }),
      );
      expect(result.recipients).toBe(20);
      expect(result.subject).toBe(
        "[CoreDNS security] DISCLOSE-2026-0001: Cache poisoning in the forward plugin",
      );
      const mails = await odb.outboxMessage.findMany({ where: { subject: result.subject } });
      expect(mails.map((m) => m.toAddress).sort()).toEqual(confirmedRows.map((r) => r.email).sort());
      const links = new Set<string>();
      for (const mail of mails) {
        const row = confirmedRows.find((r) => r.email === mail.toAddress);
        if (!row) throw new Error("unexpected recipient");
        const token = unsubscribeToken(row.id);
        const page = `${PORTAL_URL}/announcements/unsubscribe?s=${row.id}&t=${token}`;
        expect(mail.textBody).toContain(`Unsubscribe: ${page}`);
        expect(mail.htmlBody).toContain(page.replaceAll("&", "&amp;"));
        expect(mail.textBody).not.toContain("unsubscribe.invalid");
        expect(mail.headers).toEqual({
          "List-Unsubscribe": `<${PORTAL_URL}/announcements/unsubscribe/one-click?s=${row.id}&t=${token}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": "<security-announcements.localhost>",
        });
        for (const part of [
          "CVE-2026-12345",
          "CVSS 3.1 8.1 (High)",
          ">= 1.0.0, < 1.12.3; fixed in 1.12.3",
          "Ada Finder",
        ]) {
          expect(mail.textBody).toContain(part);
        }
        links.add(page);
      }
      expect(links.size).toBe(20);

      const announcement = await odb.announcement.findUniqueOrThrow({ where: { id: result.announcementId } });
      expect(announcement).toMatchObject({ kind: "release", recipients: 20, sentAt: now });
      expect(announcement.textBody.endsWith(`Unsubscribe: ${PORTAL_URL}/announcements/unsubscribe`)).toBe(
        true,
      );
      expect(announcement.textBody).not.toMatch(/[?&]t=/);
      const audit = await odb.auditEvent.findFirstOrThrow({ where: { action: "announcement.sent" } });
      expect(audit.data).toMatchObject({ kind: "release", recipients: 20 });
      expect(JSON.stringify(audit.data)).not.toContain("@");

      // The forthcoming-fix notice: only the confirmed who asked for it.
      const notice = await odb.$transaction((tx) =>
        enqueueAnnouncement(tx, {
          kind: "forthcoming",
          title: "Security release of 1.12.3 on 18 December",
          notice: "A high-severity fix is coming on 18 December at 14:00 UTC. Be ready to upgrade.",
          caseId: null,
          actorId: null,
          now,
          portalUrl: PORTAL_URL,
        }),
      );
      expect(notice.recipients).toBe(10);
      const noticeMails = await odb.outboxMessage.findMany({ where: { subject: notice.subject } });
      expect(noticeMails.map((m) => m.toAddress).sort()).toEqual(
        confirmedRows
          .filter((r) => r.forthcomingNotices)
          .map((r) => r.email)
          .sort(),
      );

      // Delivered: the headers reach the SMTP message, and its one-click address unsubscribes.
      const first = mails[0];
      if (!first) throw new Error("no mail");
      const { transport, sent } = createCaptureTransport();
      const outcome = await deliverOutboxMessage({
        db: odb,
        transport,
        from: "CoreDNS security <security@coredns.test>",
        outboxId: first.id,
        attempt: 1,
        maxAttempts: 3,
      });
      expect(outcome.outcome).toBe("sent");
      // Unfolded (a long header line is folded at its space), as a receiver reads it.
      const raw = `\r\n${(sent[0]?.raw.toString("utf8") ?? "").replace(/\r\n[ \t]+/g, " ")}`;
      const header = /\r\nList-Unsubscribe: <([^>\r\n]+)>\r\n/.exec(raw);
      expect(raw).toContain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
      expect(header?.[1]).toBe((first.headers as Record<string, string>)["List-Unsubscribe"]?.slice(1, -1));
      const parsed = await parseCapturedEmail(sent[0]?.raw ?? Buffer.alloc(0));
      expect(parsed.subject).toBe(result.subject);
      const handler = createOneClickUnsubscribeHandler({ appUrl: PORTAL_URL, db: () => odb, now: () => now });
      const response = await handler.POST(
        new Request(header?.[1] ?? "", {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      );
      expect(response.status).toBe(200);
      expect(
        (await odb.announcementSubscriber.findUniqueOrThrow({ where: { email: first.toAddress } })).status,
      ).toBe("unsubscribed");
    } finally {
      await own.drop();
    }
  }, 60_000);

  it("refuses a hostile notice, naming the field, and writes nothing", async () => {
    const before = await db.announcement.count();
    for (const [title, notice, field] of [
      ["Release\r\nBcc: eve@example.org", "Soon.", "title"],
      ["", "Soon.", "title"],
      ["Release", "x".repeat(5_001), "notice"],
      ["Release", "Soon\u0000", "notice"],
    ] as const) {
      const error = await db
        .$transaction((tx) =>
          enqueueAnnouncement(tx, {
            kind: "forthcoming",
            title,
            notice,
            caseId: null,
            actorId: null,
            now,
            portalUrl: PORTAL_URL,
          }),
        )
        .catch((e) => e);
      expect(error.details?.field).toBe(field);
    }
    expect(await db.announcement.count()).toBe(before);
  });
});

describe("the ready-to-post text", () => {
  it("holds the same facts as the email, without any unsubscribe line", () => {
    const text = announcementText(content, { ...meta, projectName: "CoreDNS" });
    expect(
      text.startsWith("# [CoreDNS security] DISCLOSE-2026-0001: Cache poisoning in the forward plugin\n"),
    ).toBe(true);
    for (const part of [
      "- **CVE-2026-12345: Cache poisoning**: CVSS 3.1 8.1 (High), `CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H`",
      "- Go package github.com/coredns/coredns: >= 1.0.0, < 1.12.3; fixed in 1.12.3",
      "## How to upgrade\n\nUpgrade to **1.12.3**.",
      "## Mitigations and workarounds\n\nDisable the cache of the forward plugin.",
      "- forward: check the answer's id: https://github.com/coredns/coredns/pull/7001",
      "- Ada Finder (finder)",
      `Advisory: ${PORTAL_URL}/advisories/DISCLOSE-2026-0001`,
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toMatch(/unsubscribe/i);
  });

  it("is the PST's only: overview (counts, no address) and text of a published advisory", async () => {
    await db.advisory.create({
      data: {
        id: randomUUID(),
        publicId: "DISCLOSE-2026-0042",
        title: content.title,
        summary: content.summary,
        cveIds: ["CVE-2026-12345"],
        packages: ["github.com/coredns/coredns"],
        searchText: "cache poisoning",
        content: contentInput,
        revision: 1,
        publishedAt: now,
        modifiedAt: now,
      },
    });
    const pst = await adminCallerAs(db, await userWithSession(db, ["PST_MEMBER"], { now }), { now });
    const overview = await pst.announcements.overview();
    expect(overview.subscribers.confirmed).toBe(
      await db.announcementSubscriber.count({ where: { status: "confirmed" } }),
    );
    expect(JSON.stringify(overview)).not.toContain("@example.org");
    const text = await pst.announcements.text({ advisoryPublicId: "DISCLOSE-2026-0042" });
    expect(text.subject).toBe("[CoreDNS security] DISCLOSE-2026-0042: Cache poisoning in the forward plugin");
    expect(text.text).toContain("CVE-2026-12345");
    expect(text.emailPreview).toContain("Unsubscribe:");
    expect(await errorOf(pst.announcements.text({ advisoryPublicId: "DISCLOSE-2026-9999" }))).toMatchObject({
      code: "NOT_FOUND",
    });

    const fixer = await adminCallerAs(db, await userWithSession(db, [], { now }), { now });
    expect(await errorOf(fixer.announcements.overview())).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(fixer.announcements.text({ advisoryPublicId: "DISCLOSE-2026-0042" }))).toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
  });
});

describe("retention", () => {
  it("erases the address of those who left, or never confirmed, after 30 days, and of their delivered announcements", async () => {
    const left = await confirmed(address());
    await (await portal()).announcements.unsubscribe({
      subscriberId: left.id,
      token: unsubscribeToken(left.id),
    });
    const neverConfirmed = address();
    await (await portal()).announcements.subscribe({ email: neverConfirmed });
    const stays = await confirmed(address());
    const mail = await db.outboxMessage.create({
      data: {
        toAddress: left.email,
        subject: "[CoreDNS security] old",
        textBody: "(removed after delivery)",
        status: "SENT",
        headers: { "List-Unsubscribe": "(removed after delivery)" },
      },
    });

    expect(await eraseLapsedSubscribers({ db, now: new Date(now.getTime() + 29 * DAY) })).toMatchObject({
      subscribers: 0,
    });
    const run = await eraseLapsedSubscribers({ db, now: new Date(now.getTime() + 31 * DAY) });
    expect(run.subscribers).toBeGreaterThanOrEqual(2);
    expect(run.outboxMessages).toBeGreaterThanOrEqual(1);
    expect(await db.announcementSubscriber.findUnique({ where: { email: left.email } })).toBeNull();
    expect(await db.announcementSubscriber.findUnique({ where: { email: neverConfirmed } })).toBeNull();
    expect(await db.announcementSubscriber.findUniqueOrThrow({ where: { id: left.id } })).toMatchObject({
      email: `erased-${left.id}@erased.invalid`,
      status: "unsubscribed",
    });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: mail.id } })).toAddress).toBe("");
    expect((await subscriber(stays.email)).status).toBe("confirmed");
    expect(await eraseLapsedSubscribers({ db, now: new Date(now.getTime() + 31 * DAY) })).toEqual({
      subscribers: 0,
      outboxMessages: 0,
    });
  });
});
