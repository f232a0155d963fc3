// Issue 17: the project's existing security@ key imported as a team key. Its private half reaches the server only
// encrypted to PST members' keys; a member's browser opens reports sent to it and grants them on. The browser's
// side is simulated here with @disclose/crypto, as the grant tests do.
import {
  decryptTextWithKeys,
  encryptText,
  readPublicKey,
  readUnlockedPrivateKey,
  rewrapGrantTarget,
  rewrapKeyPackets,
  type TLockedKeyPair,
  unlockPrivateKey,
  unlockTeamSecretKey,
} from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue, readMail } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { testMail } from "./test-support/security-mailbox";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { addReporterReply } from "./use-cases/intake/reporter-reply";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";
import { submitPlaintextReport } from "./use-cases/reports/submit-plaintext-report";

const now = new Date("2026-11-30T12:00:00Z");
const TEAM_PASSPHRASE = "the old shared passphrase";
type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let teamKey: TLockedKeyPair;

const api = async (session: TestUserSession) => adminCallerAs(db, session, { now });
const fromBase64 = (b: string) => new Uint8Array(Buffer.from(b, "base64"));

/** What the importing member's browser sends: the public key, and the unlocked private key encrypted to the PST. */
async function importRequest(label: string, recipients?: string[]) {
  const unlocked = await unlockTeamSecretKey({
    armoredSecretKey: teamKey.lockedPrivateKey,
    passphrase: TEAM_PASSPHRASE,
    now,
  });
  if (!unlocked.ok) throw new Error(unlocked.reason);
  const keys = recipients ?? (await listPstKeys({ db, now })).map((k) => k.armoredPublicKey);
  return {
    label,
    publicKey: unlocked.publicKey,
    privateKeyMessage: await encryptText(unlocked.unlockedPrivateKey, keys),
  };
}

/** A member's browser: fetch the team key's private half (audited) and open it with the member's own keys. */
async function teamPrivateKeyFor(session: TestUserSession, keys: PrivateKey[]) {
  const { message } = await (await api(session)).teamKeys.read({ fingerprint: teamKey.fingerprint });
  return readUnlockedPrivateKey(await decryptTextWithKeys(message, keys));
}

/** A member's browser re-wrapping every team key it holds for members who lack it (the grant step). */
async function grantTeamKeysAs(session: TestUserSession, keys: PrivateKey[]): Promise<number> {
  const caller = await api(session);
  const work = await caller.teamKeys.grantWork();
  if (work.length === 0) return 0;
  const grants = [];
  for (const w of work) {
    const packet = await rewrapKeyPackets({
      keyPackets: fromBase64(w.packets),
      decryptionKeys: keys,
      grantee: await readPublicKey(w.granteePublicKey),
    });
    grants.push({
      teamKeyFingerprint: w.teamKeyFingerprint,
      granteeUserId: w.granteeUserId,
      granteeFingerprint: w.granteeFingerprint,
      packets: Buffer.from(packet).toString("base64"),
    });
  }
  return (await caller.teamKeys.completeGrants({ grants })).stored;
}

/** A member's browser: the team key's private half, each listed item's session key opened with it, wrapped to
 * the member's own key. */
async function openWithTeamKeyAs(session: TestUserSession, keys: PrivateKey[], reportId: string) {
  const caller = await api(session);
  const work = await caller.teamKeys.reportWork({ reportId });
  const teamPrivate = await teamPrivateKeyFor(session, keys);
  const own = await readPublicKey(work.granteePublicKey ?? "");
  const grants = [];
  for (const item of work.items) {
    const packet = await rewrapKeyPackets({
      keyPackets: fromBase64(item.packets),
      decryptionKeys: [teamPrivate],
      grantee: own,
    });
    grants.push({
      kind: item.kind,
      itemId: item.itemId,
      teamKeyFingerprint: item.teamKeyFingerprint,
      granteeFingerprint: work.granteeFingerprint ?? "",
      packets: Buffer.from(packet).toString("base64"),
    });
  }
  return caller.teamKeys.openReport({ reportId, grants });
}

/** Mail to the long-published key, as the pick-up hands it over. */
async function mailToTeamKey(text: string) {
  return submitPlaintextReport({
    db,
    now,
    input: { files: [], armoredMessage: await encryptText(text, [teamKey.publicKey]) },
    email: {
      from: "reporter@example.org",
      date: now,
      text: "",
      title: "Encrypted",
      alsoInTransaction: async () => {},
    },
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  const demo = await getDemoPrivateKeys(db);
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
  teamKey = await generateTestKey({ name: "Project security team", passphrase: TEAM_PASSPHRASE });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

describe("a team key", () => {
  let member: TestUserSession;
  let memberKeys: PrivateKey[];
  let reportId: string;

  it("is refused to anyone but the PST, and when it is not what it claims", async () => {
    const admin = await userWithSession(db, ["ADMIN"], { now });
    const request = await importRequest("security@example.org");
    expect((await errorOf((await api(admin)).teamKeys.import(request))).appCode).toBe("FORBIDDEN");
    const engineer = await userWithSession(db, [], { now });
    expect((await errorOf((await api(engineer)).teamKeys.list())).appCode).toBe("FORBIDDEN");
    const caller = await api(pst1);
    // A private key where the public key goes: refused, never stored.
    expect(
      await errorOf(caller.teamKeys.import({ ...request, publicKey: teamKey.lockedPrivateKey })),
    ).toMatchObject({ appCode: "BAD_INPUT", message: expect.stringMatching(/private key/) });
    // Not encrypted to every PST member: the browser must encrypt again.
    const onlyMine = await importRequest("x", [
      (await listPstKeys({ db, now })).find((k) => k.userId === pst1.userId)?.armoredPublicKey ?? "",
    ]);
    expect((await errorOf(caller.teamKeys.import(onlyMine))).appCode).toBe("STALE_RECIPIENT_KEYS");
    expect(
      (await errorOf(caller.teamKeys.import({ ...request, privateKeyMessage: "not a message" }))).appCode,
    ).toBe("BAD_INPUT");
    expect(await db.teamKey.count()).toBe(0);
  });

  it("is imported by a PST member: the public key and the private half encrypted to every PST member", async () => {
    const caller = await api(pst1);
    const result = await caller.teamKeys.import(await importRequest("security@example.org"));
    expect(result).toEqual({ fingerprint: teamKey.fingerprint, holders: 2 });
    expect((await errorOf(caller.teamKeys.import(await importRequest("again")))).appCode).toBe("CONFLICT");
    const [listed] = await caller.teamKeys.list();
    expect(listed).toMatchObject({
      fingerprint: teamKey.fingerprint,
      mine: true,
      waiting: [],
      retiredAt: null,
    });
    expect(listed?.holders).toHaveLength(2);
    // Only ciphertext: the stored message is not the private key, and it opens with a member's key.
    const row = await db.teamKey.findUniqueOrThrow({ where: { fingerprint: teamKey.fingerprint } });
    expect(row.privateKeyMessage).toContain("BEGIN PGP MESSAGE");
    expect(row.privateKeyMessage).not.toContain("PRIVATE KEY BLOCK");
    const opened = await teamPrivateKeyFor(pst1, pst1Keys);
    expect(opened.getFingerprint().toUpperCase()).toBe(teamKey.fingerprint);
    expect(
      await db.auditEvent.count({ where: { action: "team_key.private_read", actorId: pst1.userId } }),
    ).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "team_key.imported" } })).toBe(1);
  });

  it("reaches a PST member added later through the grant step, and no one else", async () => {
    member = await userWithSession(db, ["PST_MEMBER"], { now });
    const key = await generateTestKey({ name: "New member", passphrase: "member passphrase" });
    await (await api(member)).keys.register({
      armoredPublicKey: key.publicKey,
      lockedPrivateKey: key.lockedPrivateKey,
    });
    memberKeys = [await unlockPrivateKey(key.lockedPrivateKey, "member passphrase")];
    expect(
      await errorOf((await api(member)).teamKeys.read({ fingerprint: teamKey.fingerprint })),
    ).toMatchObject({
      appCode: "NOT_FOUND",
    });
    expect((await (await api(pst1)).teamKeys.list())[0]?.waiting).toHaveLength(1);
    expect(await grantTeamKeysAs(pst1, pst1Keys)).toBe(1);
    expect(await grantTeamKeysAs(pst1, pst1Keys)).toBe(0);
    const opened = await teamPrivateKeyFor(member, memberKeys);
    expect(opened.getFingerprint().toUpperCase()).toBe(teamKey.fingerprint);
    // A grant to someone who is not in the PST is refused.
    const engineer = await userWithSession(db, [], { now });
    const engineerKey = await generateTestKey({ name: "Engineer", passphrase: "e" });
    await (await api(engineer)).keys.register({
      armoredPublicKey: engineerKey.publicKey,
      lockedPrivateKey: engineerKey.lockedPrivateKey,
    });
    // The grant step never offers anyone outside the PST.
    expect((await (await api(pst1)).teamKeys.grantWork()).map((w) => w.granteeUserId)).not.toContain(
      engineer.userId,
    );
    const packets = await db.teamKeyPacket.findFirstOrThrow({ where: { userId: pst1.userId } });
    const forEngineer = await rewrapKeyPackets({
      keyPackets: new Uint8Array(packets.packets),
      decryptionKeys: pst1Keys,
      grantee: await readPublicKey(engineerKey.publicKey),
    });
    expect(
      await errorOf(
        (await api(pst1)).teamKeys.completeGrants({
          grants: [
            {
              teamKeyFingerprint: teamKey.fingerprint,
              granteeUserId: engineer.userId,
              granteeFingerprint: engineerKey.fingerprint,
              packets: Buffer.from(forEngineer).toString("base64"),
            },
          ],
        }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT", message: expect.stringMatching(/only PST members/) });
  });

  it("makes mail to the long-published key a report a member's browser opens, then grants to the others", async () => {
    ({ reportId } = await mailToTeamKey("a bug, sent to the address we always had"));
    const report = await db.report.findUniqueOrThrow({ where: { id: reportId } });
    // Readable through the team key: not flagged, and the PST is not told it is unreadable.
    expect(report.unheldKeys ?? []).toEqual([]);
    expect(report.encryption).toBe("reporter-armored");
    const caller = await api(member);
    expect((await caller.cases.get({ reportId })).ciphertext).toBeNull();
    const work = await caller.teamKeys.reportWork({ reportId });
    expect(work.items.map((i) => [i.kind, i.teamKeyFingerprint])).toEqual([["report", teamKey.fingerprint]]);
    expect(await openWithTeamKeyAs(member, memberKeys, reportId)).toEqual({ stored: 1 });
    const served = await caller.cases.get({ reportId });
    expect(await decryptTextWithKeys(served.ciphertext ?? "", memberKeys)).toBe(
      "a bug, sent to the address we always had",
    );
    expect(
      await db.auditEvent.count({ where: { action: "report.team_key_opened", subjectId: reportId } }),
    ).toBe(1);
    // Nothing more to open; the others get it by the ordinary grant step.
    expect((await caller.teamKeys.reportWork({ reportId })).items).toEqual([]);
    const granted = await caller.grants.work({ limit: 200 });
    const mine = granted.filter((w) => w.reportId === reportId);
    const rewrapped = [];
    for (const target of mine) rewrapped.push(...(await rewrapGrantTarget(target, memberKeys)));
    await caller.grants.complete({ grants: rewrapped });
    const forPst1 = await (await api(pst1)).cases.get({ reportId });
    expect(await decryptTextWithKeys(forPst1.ciphertext ?? "", pst1Keys)).toBe(
      "a bug, sent to the address we always had",
    );
  });

  it("takes the reporter's later reply encrypted only to the team key into the thread, opened the same way", async () => {
    const reply = await readMail(
      Buffer.from(
        testMail(
          { From: "reporter@example.org", To: "security@example.org", Subject: "Re: your report" },
          await encryptText("more details, for the old key only", [teamKey.publicKey]),
        ),
      ),
    );
    const { messageId } = await addReporterReply({ db, reportId, mail: reply, now, record: async () => {} });
    const caller = await api(member);
    const shown = async () =>
      (await caller.cases.get({ reportId })).messages.find((m) => m.id === messageId)?.ciphertext ?? null;
    expect(await shown()).toBeNull();
    expect((await caller.teamKeys.reportWork({ reportId })).items.map((i) => [i.kind, i.itemId])).toEqual([
      ["reporter-message", messageId],
    ]);
    expect(await openWithTeamKeyAs(member, memberKeys, reportId)).toEqual({ stored: 1 });
    expect(await decryptTextWithKeys((await shown()) ?? "", memberKeys)).toBe(
      "more details, for the old key only",
    );
    expect((await caller.teamKeys.reportWork({ reportId })).items).toEqual([]);
    const page = await caller.cases.get({ reportId });
    // The report page offers the opener to the PST only (mayHoldTeamKey); this member is one.
    expect(page.mayOpenWithTeamKey).toBe(true);
    expect(page.messages.find((m) => m.id === messageId)?.byEmail).toBe("encrypted");

    // Encrypted to no key of the team at all: refused (the pick-up keeps such mail aside in quarantine).
    const stranger = await generateTestKey({ name: "Someone else", passphrase: "p" });
    const lost = await readMail(
      Buffer.from(
        testMail(
          { From: "reporter@example.org", To: "security@example.org", Subject: "Re: your report" },
          await encryptText("for no one here", [stranger.publicKey]),
        ),
      ),
    );
    await expect(
      addReporterReply({ db, reportId, mail: lost, now, record: async () => {} }),
    ).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: "The reply is not encrypted to any key of the team.",
    });
  });

  it("is taken from the portal too: a pasted message for the team key is a report, not a refusal", async () => {
    const { reportId: pasted } = await submitPlaintextReport({
      db,
      now,
      input: { files: [], armoredMessage: await encryptText("pasted on the form", [teamKey.publicKey]) },
    });
    const report = await db.report.findUniqueOrThrow({ where: { id: pasted } });
    expect(report.source).toBe("portal");
    expect(report.unheldKeys ?? []).toEqual([]);
    expect((await (await api(pst1)).teamKeys.reportWork({ reportId: pasted })).items).toHaveLength(1);
  });

  it("refuses a packet for someone else's key, and items not encrypted to the team key", async () => {
    const { reportId: other } = await mailToTeamKey("another one");
    const caller = await api(member);
    const work = await caller.teamKeys.reportWork({ reportId: other });
    const [item] = work.items;
    const teamPrivate = await teamPrivateKeyFor(member, memberKeys);
    const pst1Key = (await listPstKeys({ db, now })).find((k) => k.userId === pst1.userId);
    const toPst1 = await rewrapKeyPackets({
      keyPackets: fromBase64(item?.packets ?? ""),
      decryptionKeys: [teamPrivate],
      grantee: await readPublicKey(pst1Key?.armoredPublicKey ?? ""),
    });
    const grant = {
      kind: "report" as const,
      itemId: other,
      teamKeyFingerprint: teamKey.fingerprint,
      granteeFingerprint: work.granteeFingerprint ?? "",
      packets: Buffer.from(toPst1).toString("base64"),
    };
    expect((await errorOf(caller.teamKeys.openReport({ reportId: other, grants: [grant] }))).appCode).toBe(
      "BAD_INPUT",
    );
    // The report already opened above is no longer "encrypted to a team key you hold" work.
    expect(
      (await errorOf(caller.teamKeys.openReport({ reportId, grants: [{ ...grant, itemId: reportId }] })))
        .appCode,
    ).toBe("NOT_FOUND");
  });

  it("is retired: its private half is no longer served, and new mail to it is kept flagged", async () => {
    const caller = await api(pst1);
    const engineer = await userWithSession(db, [], { now });
    expect(
      (await errorOf((await api(engineer)).teamKeys.retire({ fingerprint: teamKey.fingerprint }))).appCode,
    ).toBe("FORBIDDEN");
    expect((await caller.teamKeys.retire({ fingerprint: teamKey.fingerprint })).retiredAt).toEqual(now);
    expect((await errorOf(caller.teamKeys.read({ fingerprint: teamKey.fingerprint }))).appCode).toBe(
      "NOT_FOUND",
    );
    expect(await caller.teamKeys.grantWork()).toEqual([]);
    const { reportId: late } = await mailToTeamKey("sent after the key was retired");
    const report = await db.report.findUniqueOrThrow({ where: { id: late } });
    expect(report.unheldKeys).toEqual([teamKey.fingerprint]);
    expect((await caller.cases.get({ reportId: late })).unheldKeys).toEqual([
      { kind: "team", fingerprint: teamKey.fingerprint, label: "security@example.org", retiredAt: now },
    ]);
    // Imported again, it is a current team key once more.
    await caller.teamKeys.import(await importRequest("security@example.org, again"));
    expect((await caller.teamKeys.list())[0]).toMatchObject({ retiredAt: null, mine: true });
  });
});
