// Issue 5: the inbox, reading a report, triage and the Fix Lead rotation, against real Postgres.
import {
  decryptWithLockedKey,
  encryptionKeyIdsOfKey,
  encryptionKeyIdsOfMessage,
  encryptText,
} from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo, type TDemoPrivateKey } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { createAdminCaller, createPortalCaller } from "./root";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { INBOX_PAGE_SIZE } from "./use-cases/cases/list-inbox";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-24T12:00:00Z");

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];
let demoKeys: TDemoPrivateKey[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db });
  demoKeys = await getDemoPrivateKeys(db);
}, 120_000);
afterAll(() => t?.drop());

const admin = async (cookie: string, at = now) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now: at,
      headers: new Headers({ cookie, origin: ADMIN_URL }),
    }),
  );

/** A report submitted as the portal's browser path would, with its reporter key and tracking token. */
const newReport = (options: { alreadyPublic?: boolean; notifyEmail?: string; at?: Date } = {}) =>
  submitTestReport(db, {
    pstKeys,
    now: options.at ?? now,
    content: { alreadyPublic: options.alreadyPublic ?? false },
    ...(options.notifyEmail ? { notifyEmail: options.notifyEmail } : {}),
  });

/** A reply as a staff browser makes it: to the reporter's key and the PST keys. */
const replyTo = (reporterPublicKey: string, text: string) =>
  encryptText(text, [reporterPublicKey, ...pstKeys.map((k) => k.armoredPublicKey)]);

describe("inbox", () => {
  it("shows the PST every open report, public disclosures first and marked ASAP, with the ack clock", async () => {
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const older = await newReport({ at: new Date(now.getTime() - 3 * 86_400_000) });
    const publicOne = await newReport({ alreadyPublic: true, at: new Date(now.getTime() - 3600_000) });
    const fresh = await newReport();
    const inbox = await (await admin(pst.cookie)).cases.inbox({});
    expect(inbox.rows[0]).toMatchObject({ id: publicOne.reportId, asap: true, ackOverdue: true });
    const ids = inbox.rows.map((r) => r.id);
    expect(ids.indexOf(fresh.reportId)).toBeLessThan(ids.indexOf(older.reportId));
    expect(inbox.rows.find((r) => r.id === older.reportId)).toMatchObject({ ackOverdue: true });
    expect(inbox.rows.find((r) => r.id === fresh.reportId)).toMatchObject({
      ackOverdue: false,
      ackDueAt: new Date(now.getTime() + 48 * 3600_000),
    });
    // Search over metadata, and hostile search text is just text.
    expect(
      (await (await admin(pst.cookie)).cases.inbox({ search: fresh.reportId })).rows.map((r) => r.id),
    ).toEqual([fresh.reportId]);
    // The id as shown (its first 8 hex digits) finds the report too, whatever its state.
    expect(
      (await (await admin(pst.cookie)).cases.inbox({ search: fresh.reportId.slice(0, 8) })).rows.map(
        (r) => r.id,
      ),
    ).toEqual([fresh.reportId]);
    for (const search of ["%", "_", "' OR 1=1 --", "\\", "😀", "0000000g", "-------"]) {
      expect((await (await admin(pst.cookie)).cases.inbox({ search })).rows).toEqual([]);
    }
  });

  it("shows a Fix Team member only their cases, and an admin or a distributor none", async () => {
    await newReport();
    const fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
    const mine = await newReport();
    await db.caseMember.create({ data: { reportId: mine.reportId, userId: fixer.userId } });
    expect((await (await admin(fixer.cookie)).cases.inbox({})).rows.map((r) => r.id)).toEqual([
      mine.reportId,
    ]);
    for (const email of ["admin@demo.disclose.test", "distributor@demo.disclose.test"]) {
      const s = await sessionFor(db, email, { now });
      expect((await (await admin(s.cookie)).cases.inbox({})).rows).toEqual([]);
    }
  });
});

describe("reading a report", () => {
  it("gives a PST member the report with only their own session key, which only their key opens; audited", async () => {
    const report = await newReport();
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const view = await (await admin(pst.cookie)).cases.get({ reportId: report.reportId });
    const mine = demoKeys.find((k) => k.email === "pst1@demo.disclose.test");
    const other = demoKeys.find((k) => k.email === "pst2@demo.disclose.test");
    const ids = await encryptionKeyIdsOfMessage(view.ciphertext ?? "");
    expect(ids).toEqual(await encryptionKeyIdsOfKey(mine?.lockedPrivateKey ?? ""));
    const plain = JSON.parse(
      await decryptWithLockedKey({
        ciphertext: view.ciphertext ?? "",
        lockedPrivateKey: mine?.lockedPrivateKey ?? "",
        passphrase: mine?.passphrase ?? "",
      }),
    );
    await expect(
      decryptWithLockedKey({
        ciphertext: view.ciphertext ?? "",
        lockedPrivateKey: other?.lockedPrivateKey ?? "",
        passphrase: other?.passphrase ?? "",
      }),
    ).rejects.toThrow();
    expect(plain.title).toBe("Crash in the resolver");
    expect(view.commands.map((c) => c.type)).toEqual(["acknowledge", "mark-spam"]);
    const reads = await db.auditEvent.count({ where: { action: "report.read", subjectId: report.reportId } });
    expect(reads).toBe(1);
  });

  it.each([
    ["an admin", "admin@demo.disclose.test"],
    ["a distributor", "distributor@demo.disclose.test"],
    ["a Fix Team member of another case", "fixer@demo.disclose.test"],
  ])("refuses %s with the same answer as for no report", async (_label, email) => {
    const report = await newReport();
    const s = await sessionFor(db, email, { now });
    const refused = await errorOf((await admin(s.cookie)).cases.get({ reportId: report.reportId }));
    const missing = await errorOf(
      (await admin(s.cookie)).cases.get({ reportId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(refused).toEqual(missing);
    expect(refused.appCode).toBe("NOT_FOUND");
  });

  it.each(["", "x".repeat(65), "../../etc/passwd", "' OR 1=1 --", "00000000-0000-0000-0000-00000000000Z"])(
    "answers a hostile id %j with a clear error",
    async (reportId) => {
      const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
      const error = await errorOf((await admin(pst.cookie)).cases.get({ reportId }));
      expect(["BAD_REQUEST", "NOT_FOUND"]).toContain(error.code);
    },
  );
});

describe("triage", () => {
  it("acknowledges with a message, accepts with a Fix Lead by rotation; the reporter sees both", async () => {
    const report = await newReport({ notifyEmail: "reporter@example.test" });
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const ack = await api.cases.decide({
      reportId: report.reportId,
      command: { type: "acknowledge" },
      extras: { reporterMessage: await replyTo(report.reporter.publicKey, "Thanks, we are on it.") },
    });
    expect(ack).toMatchObject({ state: "triage", fixLeadId: null });
    const accepted = await api.cases.decide({ reportId: report.reportId, command: { type: "accept" } });
    expect(accepted.state).toBe("accepted");
    expect(accepted.fixLeadId).not.toBeNull();

    const portal = createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: "http://localhost:3000",
        db,
        now,
        headers: new Headers(),
      }),
    );
    const view = await portal.tracking.view({ token: report.trackingToken });
    expect(view.state).toBe("accepted");
    const reply = view.messages.find((m) => m.author === "pst");
    expect(
      await decryptWithLockedKey({
        ciphertext: reply?.ciphertext ?? "",
        lockedPrivateKey: report.reporter.lockedPrivateKey,
        passphrase: report.reporter.keySecret,
      }),
    ).toBe("Thanks, we are on it.");
    const mails = await db.outboxMessage.findMany({ where: { toAddress: "reporter@example.test" } });
    expect(mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        "We received your security report",
        "The security team wrote about your report",
      ]),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("rotates the Fix Lead across the PST and skips a member who is out of office", async () => {
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const acceptNew = async () => {
      const r = await newReport();
      await api.cases.decide({ reportId: r.reportId, command: { type: "acknowledge" } });
      return (await api.cases.decide({ reportId: r.reportId, command: { type: "accept" } })).fixLeadId;
    };
    const leads = [await acceptNew(), await acceptNew(), await acceptNew(), await acceptNew()];
    expect(leads[0]).not.toBe(leads[1]);
    expect(leads[0]).toBe(leads[2]);
    expect(leads[1]).toBe(leads[3]);
    // The next in line goes on holiday: the other one gets the case.
    await db.user.update({
      where: { id: leads[0] ?? "" },
      data: { unavailableUntil: new Date(now.getTime() + 86_400_000) },
    });
    expect(await acceptNew()).toBe(leads[1]);
    await db.user.update({ where: { id: leads[0] ?? "" }, data: { unavailableUntil: null } });
  });

  it("records duplicates, rejections with a reason, not-a-vulnerability with the public bug text, and spam", async () => {
    const pst = await sessionFor(db, "pst2@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const original = await newReport();
    const triaged = async () => {
      const r = await newReport();
      await api.cases.decide({ reportId: r.reportId, command: { type: "acknowledge" } });
      return r;
    };
    const dup = await triaged();
    await api.cases.decide({
      reportId: dup.reportId,
      // Typed as the inbox shows it: the first 8 hex digits.
      command: { type: "mark-duplicate", duplicateOfCaseId: original.reportId.slice(0, 8).toUpperCase() },
    });
    expect((await api.cases.get({ reportId: dup.reportId })).duplicateOf).toBe(original.reportId);

    const rejected = await triaged();
    await api.cases.decide({
      reportId: rejected.reportId,
      command: { type: "reject", reason: "Works as documented." },
    });
    expect((await api.cases.get({ reportId: rejected.reportId })).decisionReason).toBe(
      "Works as documented.",
    );
    const portal = createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: "http://localhost:3000",
        db,
        now,
        headers: new Headers(),
      }),
    );
    expect(await portal.tracking.view({ token: rejected.trackingToken })).toMatchObject({
      state: "rejected",
      decisionReason: "Works as documented.",
    });

    const bug = await triaged();
    await api.cases.decide({
      reportId: bug.reportId,
      command: { type: "mark-not-vulnerability", reason: "A crash only with a local config error." },
      extras: { publicBugText: "The resolver crashes when the config file is empty." },
    });
    expect(await api.cases.get({ reportId: bug.reportId })).toMatchObject({
      state: "not-a-vulnerability",
      publicBugText: "The resolver crashes when the config file is empty.",
    });

    const spam = await newReport();
    expect((await api.cases.decide({ reportId: spam.reportId, command: { type: "mark-spam" } })).state).toBe(
      "spam",
    );
  });

  it("refuses what the lifecycle does not allow, with words a person understands", async () => {
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const r = await newReport();
    expect(
      await errorOf(api.cases.decide({ reportId: r.reportId, command: { type: "accept" } })),
    ).toMatchObject({
      appCode: "CONFLICT",
      message: expect.stringMatching(/needs the case to be In triage/),
    });
    await api.cases.decide({ reportId: r.reportId, command: { type: "acknowledge" } });
    expect(
      await errorOf(
        api.cases.decide({
          reportId: r.reportId,
          command: { type: "mark-duplicate", duplicateOfCaseId: r.reportId },
        }),
      ),
    ).toMatchObject({ appCode: "CONFLICT" });
    expect(
      await errorOf(
        api.cases.decide({
          reportId: r.reportId,
          command: { type: "mark-duplicate", duplicateOfCaseId: "00000000-0000-4000-8000-000000000000" },
        }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT" });
    // Its own short id is still itself.
    expect(
      await errorOf(
        api.cases.decide({
          reportId: r.reportId,
          command: { type: "mark-duplicate", duplicateOfCaseId: r.reportId.slice(0, 8) },
        }),
      ),
    ).toMatchObject({ appCode: "CONFLICT" });
    expect(
      await errorOf(api.cases.decide({ reportId: r.reportId, command: { type: "reject", reason: " " } })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    // Asking for information needs the (encrypted) question.
    expect(
      await errorOf(api.cases.decide({ reportId: r.reportId, command: { type: "request-info" } })),
    ).toMatchObject({ appCode: "BAD_INPUT", message: "Write the question to the reporter." });
    // A reply the reporter could not read is refused, and nothing changes.
    const notForReporter = await encryptText(
      "hello",
      pstKeys.map((k) => k.armoredPublicKey),
    );
    expect(
      await errorOf(
        api.cases.decide({
          reportId: r.reportId,
          command: { type: "request-info" },
          extras: { reporterMessage: notForReporter },
        }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT", message: expect.stringMatching(/reporter's key/) });
    expect((await api.cases.get({ reportId: r.reportId })).state).toBe("triage");
    // Only the PST triages: an admin cannot even see the report.
    const adm = await sessionFor(db, "admin@demo.disclose.test", { now });
    expect(
      await errorOf(
        (await admin(adm.cookie)).cases.decide({ reportId: r.reportId, command: { type: "accept" } }),
      ),
    ).toMatchObject({ appCode: "NOT_FOUND" });
  });

  it("lets the PST reassign the Fix Lead with a reason, recorded in the history", async () => {
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const r = await newReport();
    await api.cases.decide({ reportId: r.reportId, command: { type: "acknowledge" } });
    const { fixLeadId } = await api.cases.decide({ reportId: r.reportId, command: { type: "accept" } });
    const moved = await api.cases.reassignFixLead({
      reportId: r.reportId,
      toMemberId: null,
      note: "On holiday next week",
    });
    expect(moved.fixLeadId).not.toBe(fixLeadId);
    const view = await api.cases.get({ reportId: r.reportId });
    expect(view.fixLeadHistory.map((h) => h.reason)).toEqual(["rotation", "reassignment"]);
    const someone = await userWithSession(db, [], { now });
    expect(
      await errorOf(
        api.cases.reassignFixLead({ reportId: r.reportId, toMemberId: someone.userId, note: "x" }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT" });
  });
});

describe("the Fix Team", () => {
  it("is picked by the Fix Lead; a member then sees and reads the case, and loses it when taken off", async () => {
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const r = await newReport();
    await api.cases.decide({ reportId: r.reportId, command: { type: "acknowledge" } });
    const { fixLeadId } = await api.cases.decide({ reportId: r.reportId, command: { type: "accept" } });
    const lead = await db.user.findUniqueOrThrow({ where: { id: fixLeadId ?? "" } });
    const leadApi = await admin((await sessionFor(db, lead.email, { now })).cookie);
    const otherPst =
      lead.email === "pst1@demo.disclose.test" ? "pst2@demo.disclose.test" : "pst1@demo.disclose.test";
    const fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
    const fixerApi = await admin(fixer.cookie);

    // Only the Fix Lead picks the team.
    expect(
      await errorOf(
        (await admin((await sessionFor(db, otherPst, { now })).cookie)).cases.setFixTeamMember({
          reportId: r.reportId,
          userId: fixer.userId,
          member: true,
        }),
      ),
    ).toMatchObject({ appCode: "FORBIDDEN" });
    expect(await errorOf(fixerApi.cases.get({ reportId: r.reportId }))).toMatchObject({
      appCode: "NOT_FOUND",
    });

    await leadApi.cases.setFixTeamMember({ reportId: r.reportId, userId: fixer.userId, member: true });
    expect((await fixerApi.cases.inbox({})).rows.map((row) => row.id)).toContain(r.reportId);
    const seen = await fixerApi.cases.get({ reportId: r.reportId });
    expect(seen.fixTeam.map((m) => m.id)).toEqual([fixer.userId]);
    // An engineer never holds a team key, so the page offers no opener (and asks for no team-key work).
    expect(seen.mayOpenWithTeamKey).toBe(false);

    const distributor = await db.user.findUniqueOrThrow({
      where: { email: "distributor@demo.disclose.test" },
    });
    expect(
      await errorOf(
        leadApi.cases.setFixTeamMember({ reportId: r.reportId, userId: distributor.id, member: true }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT" });

    await leadApi.cases.setFixTeamMember({ reportId: r.reportId, userId: fixer.userId, member: false });
    expect(await errorOf(fixerApi.cases.get({ reportId: r.reportId }))).toMatchObject({
      appCode: "NOT_FOUND",
    });
  });
});

describe("what the inbox shows of a report", () => {
  const portal = async (at: Date) =>
    createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: "http://localhost:3000",
        db,
        now: at,
        headers: new Headers({ origin: "http://localhost:3000" }),
      }),
    );
  const rowOf = async (cookie: string, reportId: string, at = now) =>
    (await (await admin(cookie, at)).cases.inbox({ search: reportId })).rows[0];

  it("marks a reporter's new message, and waiting on the reporter after asking until they answer", async () => {
    const report = await newReport();
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    await api.cases.get({ reportId: report.reportId });
    await api.cases.decide({ reportId: report.reportId, command: { type: "acknowledge" } });
    await api.cases.decide({
      reportId: report.reportId,
      command: { type: "request-info" },
      extras: { reporterMessage: await replyTo(report.reporter.publicKey, "Which version?") },
    });
    expect(await rowOf(pst.cookie, report.reportId)).toMatchObject({
      waitingOnReporter: true,
      unread: false,
    });

    const later = new Date(now.getTime() + 30 * 60_000);
    const tracking = await portal(later);
    const readers = await tracking.tracking.readerKeys({ token: report.trackingToken });
    await tracking.tracking.postMessage({
      token: report.trackingToken,
      ciphertext: await encryptText("1.11.2", [
        ...readers.map((k) => k.armoredPublicKey),
        report.reporter.publicKey,
      ]),
    });
    expect(await rowOf(pst.cookie, report.reportId, later)).toMatchObject({
      waitingOnReporter: false,
      unread: true,
    });
    // Opening the report reads it; the other PST member still has it unread.
    await (await admin(pst.cookie, later)).cases.get({ reportId: report.reportId });
    expect(await rowOf(pst.cookie, report.reportId, later)).toMatchObject({ unread: false });
    const other = await sessionFor(db, "pst2@demo.disclose.test", { now });
    expect(await rowOf(other.cookie, report.reportId, later)).toMatchObject({ unread: true });
  });

  it("serves each row's summary with the caller's own session key, and audits the page once", async () => {
    const report = await newReport();
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const before = await db.auditEvent.count({ where: { action: "case.list_viewed" } });
    const row = await rowOf(pst.cookie, report.reportId);
    const mine = demoKeys.find((k) => k.email === "pst1@demo.disclose.test");
    expect(await encryptionKeyIdsOfMessage(row?.summary ?? "")).toEqual(
      await encryptionKeyIdsOfKey(mine?.lockedPrivateKey ?? ""),
    );
    const summary = JSON.parse(
      await decryptWithLockedKey({
        ciphertext: row?.summary ?? "",
        lockedPrivateKey: mine?.lockedPrivateKey ?? "",
        passphrase: mine?.passphrase ?? "",
      }),
    );
    expect(summary).toMatchObject({ title: "Crash in the resolver", component: "resolver" });
    expect(await db.auditEvent.count({ where: { action: "case.list_viewed" } })).toBe(before + 1);
    expect(await db.auditEvent.count({ where: { action: "report.read", subjectId: report.reportId } })).toBe(
      0,
    );
  });

  it("lets a reader write the summary of an older report once, encrypted to every reader", async () => {
    const report = await newReport();
    // As reports made before summaries: none, and no key packets recorded yet.
    await db.keyPacket.deleteMany({ where: { reportId: report.reportId } });
    await db.report.update({
      where: { id: report.reportId },
      data: { summary: null, keyPacketsIndexed: false },
    });
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const api = await admin(pst.cookie);
    const view = await api.cases.get({ reportId: report.reportId });
    // Indexed from the message itself on first use: the member reads it as before.
    expect(view.ciphertext).not.toBeNull();
    expect(view.hasSummary).toBe(false);
    expect((await rowOf(pst.cookie, report.reportId))?.summary).toBeNull();
    const toOne = await encryptText('{"title":"t","component":"c"}', [pstKeys[0]?.armoredPublicKey ?? ""]);
    expect(
      await errorOf(api.cases.writeSummary({ reportId: report.reportId, summary: toOne })),
    ).toMatchObject({
      appCode: "STALE_RECIPIENT_KEYS",
    });
    const summary = await encryptText(
      '{"version":1,"title":"Crash in the resolver","component":"resolver"}',
      view.recipients.staff.map((k) => k.armoredPublicKey),
    );
    expect(await api.cases.writeSummary({ reportId: report.reportId, summary })).toEqual({ written: true });
    expect(await api.cases.writeSummary({ reportId: report.reportId, summary })).toEqual({ written: false });
    expect((await rowOf(pst.cookie, report.reportId))?.summary).toContain("BEGIN PGP MESSAGE");
    const other = await sessionFor(db, "pst2@demo.disclose.test", { now });
    expect((await rowOf(other.cookie, report.reportId))?.summary).toContain("BEGIN PGP MESSAGE");
  });
});

describe("a large inbox", () => {
  it("counts up to a cap and still pages on, so the first page stays fast with any number of reports", async () => {
    await db.$executeRaw`
      INSERT INTO reports (id, received_at, state, ciphertext, encryption, recipient_fingerprints,
                           tracking_secret_hash, reporter_public_key, reporter_locked_private_key)
      SELECT gen_random_uuid(), ${new Date(now.getTime() - 365 * 86_400_000)}::timestamptz - (n || ' minutes')::interval,
             'received', '-----BEGIN PGP MESSAGE-----x-----END PGP MESSAGE-----', 'browser', '{}',
             md5(n::text) || md5((n + 1)::text), 'k', 'k'
        FROM generate_series(1, 1100) AS n`;
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const first = await (await admin(pst.cookie)).cases.inbox({});
    expect(first).toMatchObject({ total: 1000, totalIsExact: false, hasNextPage: true });
    expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
    const received = await (await admin(pst.cookie)).cases.inbox({ states: ["spam"] });
    expect(received).toMatchObject({ totalIsExact: true, hasNextPage: false });
  });
});
