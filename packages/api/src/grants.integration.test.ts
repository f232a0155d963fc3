// Issue 9: access grants. People who join a case later (an engineer on the Fix Team, a new PST member, a new key)

// read it once a reader's browser re-wraps its session keys; the server serves each reader only their own packets.
import { randomUUID } from "node:crypto";
import {
  decryptBytesWithKeys,
  decryptTextWithKeys,
  encryptionKeyIdsOfKey,
  encryptionKeyIdsOfMessage,
  encryptText,
  joinMessage,
  parseKeyPackets,
  readPublicKey,
  rewrapGrantTarget,
  rewrapKeyPackets,
  splitAnyMessage,
  type TLockedKeyPair,
  unlockPrivateKey,
} from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo, type TDemoPrivateKey } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { createAdminCaller, createPortalCaller } from "./root";
import { type GnuPG, startGnuPG } from "./test-support/gnupg";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-30T12:00:00Z");
const ENGINEER_PASSPHRASE = "engineer passphrase";

type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];
let demo: TDemoPrivateKey[];
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let gpg: GnuPG;

const admin = async (session: TestUserSession) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ cookie: session.cookie, origin: ADMIN_URL }),
    }),
  );
const portal = async () =>
  createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: "http://localhost:3000",
      db,
      now,
      headers: new Headers({ origin: "http://localhost:3000" }),
    }),
  );

/** A person's own key, registered through the API as their browser would. */
async function registerKey(session: TestUserSession, name: string): Promise<TLockedKeyPair> {
  const key = await generateTestKey({ name, passphrase: ENGINEER_PASSPHRASE });
  await (await admin(session)).keys.register({
    armoredPublicKey: key.publicKey,
    lockedPrivateKey: key.lockedPrivateKey,
  });
  return key;
}

/** What a granter's browser does: re-wrap everything it can for everyone waiting. */
async function completeGrantsAs(session: TestUserSession, keys: PrivateKey[]): Promise<number> {
  const api = await admin(session);
  let stored = 0;
  for (;;) {
    const work = await api.grants.work({ limit: 200 });
    if (work.length === 0) return stored;
    const grants = [];
    for (const target of work) grants.push(...(await rewrapGrantTarget(target, keys)));
    const result = await api.grants.complete({ grants });
    if (result.stored === 0) return stored;
    stored += result.stored;
  }
}

/** An accepted case led by PST member 1, with an attachment and a thread in both directions. */
async function acceptedCase() {
  // Earlier tests add PST members: encrypt to the keys of now, as the portal does.
  pstKeys = await listPstKeys({ db, now });
  const report = await submitTestReport(db, {
    pstKeys,
    now,
    attachments: [{ name: "poc.bin", type: "application/octet-stream", data: new Uint8Array([1, 2, 3, 4]) }],
  });
  const api = await admin(pst1);
  await api.cases.decide({ reportId: report.reportId, command: { type: "acknowledge" } });
  await db.report.update({
    where: { id: report.reportId },
    data: { state: "accepted", fixLeadId: pst1.userId },
  });
  const view = await api.cases.get({ reportId: report.reportId });
  await api.cases.postMessage({
    reportId: report.reportId,
    ciphertext: await encryptText("We are looking at it.", [
      view.recipients.reporter.armoredPublicKey,
      ...view.recipients.staff.map((k) => k.armoredPublicKey),
    ]),
  });
  return report;
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db });
  demo = await getDemoPrivateKeys(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
}, 120_000);
afterAll(async () => {
  await gpg?.close();
  await t?.drop();
});

describe("bringing an engineer into a case", () => {
  let report: Awaited<ReturnType<typeof acceptedCase>>;
  let engineer: TestUserSession;
  let engineerKey: TLockedKeyPair;
  let engineerKeys: PrivateKey[];

  beforeAll(async () => {
    report = await acceptedCase();
    engineer = await userWithSession(db, [], { now });
    await (await admin(pst1)).cases.setFixTeamMember({
      reportId: report.reportId,
      userId: engineer.userId,
      member: true,
    });
  });

  it("shows a pending grant while the engineer has no key, and serves them nothing", async () => {
    const pending = await (await admin(pst1)).grants.pending();
    expect(pending.pending).toContainEqual(
      expect.objectContaining({
        reportId: report.reportId,
        userId: engineer.userId,
        status: "waiting-for-key",
      }),
    );
    const view = await (await admin(engineer)).cases.get({ reportId: report.reportId });
    expect(view.ciphertext).toBeNull();
    expect(view.messages.every((m) => m.ciphertext === null)).toBe(true);
    expect(view.access).toContainEqual(
      expect.objectContaining({ userId: engineer.userId, status: "waiting-for-key" }),
    );
  });

  it("waits for a grant once the engineer has a key, and a PST member's browser completes it", async () => {
    engineerKey = await registerKey(engineer, "Engineer");
    engineerKeys = [await unlockPrivateKey(engineerKey.lockedPrivateKey, ENGINEER_PASSPHRASE)];
    const before = (await (await admin(pst1)).cases.get({ reportId: report.reportId })).access.find(
      (a) => a.userId === engineer.userId,
    );
    // The report, its summary, the attachment and the team's message.
    expect(before).toMatchObject({ status: "waiting-for-grant", missing: 4 });
    // The engineer holds nothing of it, so their browser has nothing to grant.
    expect(await (await admin(engineer)).grants.work({ limit: 10 })).toEqual([]);

    expect(await completeGrantsAs(pst1, pst1Keys)).toBeGreaterThanOrEqual(4);
    const view = await (await admin(engineer)).cases.get({ reportId: report.reportId });
    expect(view.access.find((a) => a.userId === engineer.userId)).toMatchObject({
      status: "ready",
      missing: 0,
    });
    expect(JSON.parse(await decryptTextWithKeys(view.ciphertext ?? "", engineerKeys)).title).toBe(
      "Crash in the resolver",
    );
    expect(await decryptTextWithKeys(view.messages[0]?.ciphertext ?? "", engineerKeys)).toBe(
      "We are looking at it.",
    );
    const attachment = await (await import("./use-cases/cases/get-report")).getAttachment({
      db,
      session: (
        await createContext({
          app: "admin",
          appUrl: ADMIN_URL,
          db,
          now,
          headers: new Headers({ cookie: engineer.cookie }),
        })
      ).session!,
      attachmentId: view.attachments[0]?.id ?? "",
      now,
    });
    expect([...(await decryptBytesWithKeys(attachment.ciphertext, engineerKeys))]).toEqual([1, 2, 3, 4]);

    // What the engineer downloads is an ordinary OpenPGP message: GnuPG 2.2 decrypts it with their key.
    gpg = await startGnuPG([
      { lockedPrivateKey: engineerKey.lockedPrivateKey, passphrase: ENGINEER_PASSPHRASE },
    ]);
    expect(JSON.parse((await gpg.decrypt(view.ciphertext ?? "")).toString("utf8")).title).toBe(
      "Crash in the resolver",
    );
    expect([...(await gpg.decrypt(attachment.ciphertext))]).toEqual([1, 2, 3, 4]);
    expect(
      await db.auditEvent.count({ where: { action: "case.access_granted", subjectId: report.reportId } }),
    ).toBe(1);
  });

  it("never serves a reader another reader's session-key packets", async () => {
    const mine = await encryptionKeyIdsOfKey(engineerKey.publicKey);
    const view = await (await admin(engineer)).cases.get({ reportId: report.reportId });
    for (const message of [view.ciphertext, ...view.messages.map((m) => m.ciphertext)]) {
      expect(await encryptionKeyIdsOfMessage(message ?? "")).toEqual(mine);
    }
    const inbox = await (await admin(engineer)).cases.inbox({});
    const row = inbox.rows.find((r) => r.id === report.reportId);
    expect(await encryptionKeyIdsOfMessage(row?.summary ?? "")).toEqual(mine);
    // A granter is handed only their own packets to re-wrap.
    const pstIds = await encryptionKeyIdsOfKey(
      pstKeys.find((k) => k.userId === pst1.userId)?.armoredPublicKey ?? "",
    );
    const other = await acceptedCase();
    await db.caseMember.create({ data: { reportId: other.reportId, userId: engineer.userId } });
    const work = await (await admin(pst1)).grants.work({ limit: 50 });
    expect(work.length).toBeGreaterThan(0);
    for (const target of work) {
      for (const item of target.items) {
        const ids = parseKeyPackets(new Uint8Array(Buffer.from(item.packets, "base64"))).map((p) => p.keyId);
        expect(ids.every((id) => id !== null && pstIds.includes(id))).toBe(true);
      }
    }
    await completeGrantsAs(pst1, pst1Keys);
  });

  it("lets the engineer read a reporter's reply posted after the grant at once", async () => {
    const tracking = await portal();
    const readers = await tracking.tracking.readerKeys({ token: report.trackingToken });
    expect(readers.map((k) => k.fingerprint)).toContain(
      (await (await admin(engineer)).keys.mine()).current?.fingerprint,
    );
    const own = (await tracking.tracking.view({ token: report.trackingToken })).reporterPublicKey;
    // Encrypted to the team keys known before the engineer joined: refused as stale, nothing stored.
    expect(
      await errorOf(
        tracking.tracking.postMessage({
          token: report.trackingToken,
          ciphertext: await encryptText("stale", [...pstKeys.map((k) => k.armoredPublicKey), own]),
        }),
      ),
    ).toMatchObject({ appCode: "STALE_RECIPIENT_KEYS" });
    await tracking.tracking.postMessage({
      token: report.trackingToken,
      ciphertext: await encryptText("Here is more detail.", [...readers.map((k) => k.armoredPublicKey), own]),
    });
    const view = await (await admin(engineer)).cases.get({ reportId: report.reportId });
    const reply = view.messages.find((m) => m.author === "reporter");
    expect(await decryptTextWithKeys(reply?.ciphertext ?? "", engineerKeys)).toBe("Here is more detail.");
  });

  it("stops serving the engineer anything once they are taken off the Fix Team", async () => {
    await (await admin(pst1)).cases.setFixTeamMember({
      reportId: report.reportId,
      userId: engineer.userId,
      member: false,
    });
    expect(await errorOf((await admin(engineer)).cases.get({ reportId: report.reportId }))).toMatchObject({
      appCode: "NOT_FOUND",
    });
    const access = (await (await admin(pst1)).cases.get({ reportId: report.reportId })).access;
    expect(access.map((a) => a.userId)).not.toContain(engineer.userId);
    expect((await (await admin(engineer)).cases.inbox({})).rows.map((r) => r.id)).not.toContain(
      report.reportId,
    );
    expect(await (await admin(engineer)).grants.work({ limit: 10 })).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ reportId: report.reportId })]),
    );
  });
});

describe("a new PST member", () => {
  it("gets every open case (not a closed one or a triage outcome) once a reader's browser grants it", async () => {
    const open = await acceptedCase();
    const closed = await acceptedCase();
    await db.report.update({ where: { id: closed.reportId }, data: { state: "closed" } });
    const rejected = await submitTestReport(db, { pstKeys, now });
    await db.report.update({ where: { id: rejected.reportId }, data: { state: "rejected" } });

    const member = await userWithSession(db, ["PST_MEMBER"], { now });
    const key = await registerKey(member, "New PST member");
    await completeGrantsAs(pst1, pst1Keys);
    const keys = [await unlockPrivateKey(key.lockedPrivateKey, ENGINEER_PASSPHRASE)];
    const view = await (await admin(member)).cases.get({ reportId: open.reportId });
    expect(JSON.parse(await decryptTextWithKeys(view.ciphertext ?? "", keys)).title).toBe(
      "Crash in the resolver",
    );
    for (const id of [closed.reportId, rejected.reportId]) {
      expect((await (await admin(member)).cases.get({ reportId: id })).ciphertext).toBeNull();
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("keeps old material readable after a key rotation, and grants the new key", async () => {
    const report = await acceptedCase();
    const member = await userWithSession(db, ["PST_MEMBER"], { now });
    const first = await registerKey(member, "First key");
    await completeGrantsAs(pst1, pst1Keys);
    const second = await registerKey(member, "Second key");
    const firstKeys = [await unlockPrivateKey(first.lockedPrivateKey, ENGINEER_PASSPHRASE)];
    // Before the new key is granted, the retired key still opens what was granted to it.
    const before = await (await admin(member)).cases.get({ reportId: report.reportId });
    expect(JSON.parse(await decryptTextWithKeys(before.ciphertext ?? "", firstKeys)).title).toBeDefined();
    expect(before.access.find((a) => a.userId === member.userId)?.status).toBe("waiting-for-grant");
    await completeGrantsAs(pst1, pst1Keys);
    const secondKeys = [await unlockPrivateKey(second.lockedPrivateKey, ENGINEER_PASSPHRASE)];
    const after = await (await admin(member)).cases.get({ reportId: report.reportId });
    expect(JSON.parse(await decryptTextWithKeys(after.ciphertext ?? "", secondKeys)).title).toBeDefined();
  });
});

describe("completing a grant: hostile input", () => {
  let report: Awaited<ReturnType<typeof acceptedCase>>;
  let engineer: TestUserSession;
  let engineerKey: TLockedKeyPair;
  let validPacket: string;

  beforeAll(async () => {
    report = await acceptedCase();
    engineer = await userWithSession(db, [], { now });
    engineerKey = await registerKey(engineer, "Engineer");
    await db.caseMember.create({ data: { reportId: report.reportId, userId: engineer.userId } });
    const work = await (await admin(pst1)).grants.work({ limit: 100 });
    const item = work.find((w) => w.reportId === report.reportId && w.granteeUserId === engineer.userId)
      ?.items[0];
    validPacket = Buffer.from(
      await rewrapKeyPackets({
        keyPackets: new Uint8Array(Buffer.from(item?.packets ?? "", "base64")),
        decryptionKeys: pst1Keys,
        grantee: await readPublicKey(engineerKey.publicKey),
      }),
    ).toString("base64");
  });

  const grant = (overrides: Record<string, unknown> = {}) => ({
    kind: "report" as const,
    itemId: report.reportId,
    granteeUserId: engineer.userId,
    granteeFingerprint: "",
    packets: validPacket,
    ...overrides,
  });
  const packetTo = async (armoredPublicKey: string) => {
    const split = await splitAnyMessage(await encryptText("x", [armoredPublicKey]));
    return Buffer.from(
      joinMessage(
        split.keyPackets.map((p) => p.bytes),
        new Uint8Array(),
      ),
    ).toString("base64");
  };

  it.each([
    [
      "a packet forged for a key that is not the grantee's",
      async () => ({ packets: await packetTo(pstKeys[1]?.armoredPublicKey ?? "") }),
      "BAD_INPUT",
    ],
    [
      "a fingerprint that is not the grantee's current key",
      async () => ({ granteeFingerprint: "A".repeat(40) }),
      "BAD_INPUT",
    ],
    [
      "random bytes instead of a packet",
      async () => ({ packets: Buffer.from(randomUUID()).toString("base64") }),
      "BAD_INPUT",
    ],
    [
      "a whole message (packets and data)",
      async () => ({
        packets: Buffer.from(
          (await splitAnyMessage(await encryptText("x", [engineerKey.publicKey]))).data,
        ).toString("base64"),
      }),
      "BAD_INPUT",
    ],
    ["an item of a case the granter cannot read", async () => ({ itemId: randomUUID() }), "NOT_FOUND"],
    [
      "an attachment's id given as a report",
      async () => ({
        itemId: (await db.reportAttachment.findFirstOrThrow({ where: { reportId: report.reportId } })).id,
      }),
      "NOT_FOUND",
    ],
    [
      "a report granted to a distributor",
      async () => {
        const distributor = await sessionFor(db, "distributor@demo.disclose.test", { now });
        const key = await registerKey(distributor, "Distributor");
        return {
          granteeUserId: distributor.userId,
          granteeFingerprint: (await readPublicKey(key.publicKey)).getFingerprint().toUpperCase(),
          packets: await packetTo(key.publicKey),
        };
      },
      "BAD_INPUT",
    ],
    [
      "a report granted to an admin-only account",
      async () => {
        const adm = await userWithSession(db, ["ADMIN"], { now });
        const key = await registerKey(adm, "Admin");
        return {
          granteeUserId: adm.userId,
          granteeFingerprint: (await readPublicKey(key.publicKey)).getFingerprint().toUpperCase(),
          packets: await packetTo(key.publicKey),
        };
      },
      "BAD_INPUT",
    ],
    [
      "a report granted to someone taken off the team",
      async () => {
        const gone = await userWithSession(db, [], { now });
        const key = await registerKey(gone, "Gone");
        await db.caseMember.create({ data: { reportId: report.reportId, userId: gone.userId } });
        await db.caseMember.delete({
          where: { reportId_userId: { reportId: report.reportId, userId: gone.userId } },
        });
        return {
          granteeUserId: gone.userId,
          granteeFingerprint: (await readPublicKey(key.publicKey)).getFingerprint().toUpperCase(),
          packets: await packetTo(key.publicKey),
        };
      },
      "BAD_INPUT",
    ],
  ])("refuses %s, storing nothing", async (_label, overrides, appCode) => {
    const fingerprint = (await readPublicKey(engineerKey.publicKey)).getFingerprint().toUpperCase();
    const before = await db.keyPacket.count();
    const error = await errorOf(
      (await admin(pst1)).grants.complete({
        grants: [
          grant({ granteeFingerprint: fingerprint }),
          grant({ granteeFingerprint: fingerprint, ...(await overrides()) }),
        ],
      }),
    );
    expect(error.appCode).toBe(appCode);
    expect(await db.keyPacket.count()).toBe(before);
  });

  it("refuses a grant by someone who cannot read the case, whatever they send", async () => {
    const fingerprint = (await readPublicKey(engineerKey.publicKey)).getFingerprint().toUpperCase();
    for (const email of ["admin@demo.disclose.test", "fixer@demo.disclose.test"]) {
      const s = await sessionFor(db, email, { now });
      expect(
        await errorOf(
          (await admin(s)).grants.complete({ grants: [grant({ granteeFingerprint: fingerprint })] }),
        ),
      ).toMatchObject({ appCode: "NOT_FOUND" });
    }
    // The grantee cannot grant themselves what they do not hold either.
    expect(
      await errorOf(
        (await admin(engineer)).grants.complete({ grants: [grant({ granteeFingerprint: fingerprint })] }),
      ),
    ).toMatchObject({ appCode: "NOT_FOUND" });
  });

  it.each([
    ["no grants", { grants: [] }],
    ["too many", { grants: Array.from({ length: 501 }, () => ({})) }],
    [
      "a bad kind",
      {
        grants: [
          {
            kind: "everything",
            itemId: randomUUID(),
            granteeUserId: "x",
            granteeFingerprint: "A".repeat(40),
            packets: "AA==",
          },
        ],
      },
    ],
    [
      "a bad id",
      {
        grants: [
          {
            kind: "report",
            itemId: "../../etc",
            granteeUserId: "x",
            granteeFingerprint: "A".repeat(40),
            packets: "AA==",
          },
        ],
      },
    ],
    [
      "a huge packet",
      {
        grants: [
          {
            kind: "report",
            itemId: randomUUID(),
            granteeUserId: "x",
            granteeFingerprint: "A".repeat(40),
            packets: "A".repeat(10_000),
          },
        ],
      },
    ],
  ])("answers %s with a clear 400", async (_label, input) => {
    const error = await errorOf((await admin(pst1)).grants.complete(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).not.toMatch(/expected|Too big|Invalid input/);
  });
});
