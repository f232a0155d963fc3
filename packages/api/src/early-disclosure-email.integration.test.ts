// Issue 13: early-disclosure material by email. The notice carries the embargo end as an .ics; an organisation

// that asked for copies by email also gets, at its security contact, one PGP/MIME message per copy whose
// encrypted part is the copy as the Fix Lead's browser encrypted it. Real gpg, holding only the team's private
// key, decrypts it and finds the marked patch; the server never had the plaintext.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptBytes } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { markedFileName, markPatch } from "@disclose/domain";
import {
  createCaptureTransport,
  deliverOutboxMessage,
  installJobQueue,
  parseCapturedEmail,
} from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { loadOrganizationRecipients } from "./use-cases/early-disclosure/disclosure-access";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-11-30T12:00:00Z");
const DAY = 24 * 3_600_000;
const disclosureAt = new Date("2026-12-09T15:00:00Z");
const FROM = "Disclose <security@disclose.test>";
const SECRET_PATCH = [
  `From ${"b".repeat(40)} Mon Sep 17 00:00:00 2001`,
  "From: Fixer <fixer@example.test>",
  "Subject: [PATCH] Length check in the parser",
  "",
  "---",
  " parser.c | 2 +-",
  "",
].join("\n");

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let fixer: TestUserSession;
let gnupgHome: string;
let teamPublicKey: string;
let orgMail: string;
let orgPlain: string;
let caseId: string;
const MAIL_CONTACT = "security@mail-distro.example";
const PLAIN_CONTACT = "security@plain-distro.example";

const api = async (session: TestUserSession) => adminCallerAs(db, session, { now });

function gpg(args: string[], input?: string): string {
  return execFileSync("gpg", ["--homedir", gnupgHome, "--batch", "--yes", "--passphrase", "", ...args], {
    input,
    stdio: ["pipe", "pipe", "pipe"],
  }).toString();
}

/** The team's key made by gpg (as a distributor would); its private half stays in gpg's home for the test. */
function makeGpgTeamKey(email: string): string {
  gpg(["--quick-gen-key", `Security team <${email}>`, "ed25519", "cert,sign", "never"]);
  const fingerprint = gpg(["--list-keys", "--with-colons", email])
    .split("\n")
    .find((line) => line.startsWith("fpr:"))
    ?.split(":")[9];
  if (!fingerprint) throw new Error("gpg made no key");
  gpg(["--quick-add-key", fingerprint, "cv25519", "encr", "never"]);
  return gpg(["--armor", "--export", email]);
}

async function organization(name: string, contact: string, emailDelivery: boolean, teamKey: string) {
  const org = await db.distributorOrganization.create({
    data: { name, securityContact: contact, emailDelivery, teamKeyArmored: teamKey, teamKeyFingerprint: "" },
  });
  // The fingerprint as the list stores it (upper-case hex).
  const fpr = gpg(["--with-colons", "--import-options", "show-only", "--import"], teamKey)
    .split("\n")
    .find((l) => l.startsWith("fpr:"))
    ?.split(":")[9];
  await db.distributorOrganization.update({ where: { id: org.id }, data: { teamKeyFingerprint: fpr ?? "" } });
  const member = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: member.userId, organizationId: org.id } });
  const pair = await generateTestKey({ name: "Member", passphrase: "member passphrase" });
  await (await api(member)).keys.register({
    armoredPublicKey: pair.publicKey,
    lockedPrivateKey: pair.lockedPrivateKey,
  });
  return org.id;
}

/** A case ready for early disclosure: fix ready with an LGTM'd commit, remotely exploitable, one patch version. */
async function readyCase(): Promise<string> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now }),
    now: new Date(now.getTime() - 2 * DAY),
  });
  const id = report.reportId;
  await db.report.update({
    where: { id },
    data: { state: "fix-ready", fixLeadId: pst1.userId, caseId: null },
  });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  await db.case.create({ data: { id, openedAt: now, remotelyExploitable: true } });
  await db.report.update({ where: { id }, data: { caseId: id } });
  const branch = await db.releaseBranch.create({ data: { caseId: id, name: "release-2.0" } });
  const commit = await db.fixCommit.create({
    data: {
      caseId: id,
      branchId: branch.id,
      sha: "b".repeat(40),
      authorId: fixer.userId,
      titleCiphertext: "-----BEGIN PGP MESSAGE-----\nnot read here\n-----END PGP MESSAGE-----",
      url: "https://example.test/commit/b",
    },
  });
  await db.commitLgtm.create({ data: { commitId: commit.id, userId: pst1.userId, at: now } });
  const patch = await db.patch.create({ data: { caseId: id, branchId: branch.id } });
  await db.patchVersion.create({
    data: {
      id: randomUUID(),
      patchId: patch.id,
      caseId: id,
      version: 1,
      ciphertext: Buffer.from("not read here"),
      size: 13,
      uploadedAt: now,
    },
  });
  return id;
}

/** What the Fix Lead's browser does for one organisation: mark each current version and encrypt it to its keys. */
async function uploadFor(organizationId: string) {
  const lead = await api(pst1);
  const view = await lead.earlyDisclosure.recipients({ reportId: caseId });
  const org = view.organizations.find((o) => o.id === organizationId);
  if (!org?.markCode) throw new Error("no mark");
  const mark = org.markCode;
  const copies = await Promise.all(
    view.patchVersions.map(async (v) => ({
      patchVersionId: v.id,
      fileName: markedFileName(v.fileName, mark),
      ciphertext: Buffer.from(
        await encryptBytes(
          new TextEncoder().encode(markPatch(SECRET_PATCH, mark)),
          org.recipients.map((r) => r.armoredPublicKey),
        ),
      ).toString("base64"),
    })),
  );
  await lead.earlyDisclosure.uploadCopies({ reportId: caseId, organizationId, copies });
  await lead.earlyDisclosure.notify({ reportId: caseId });
  return { mark, marked: markPatch(SECRET_PATCH, mark) };
}

/** Delivers one outbox message through a capturing transport and returns the raw message. */
async function deliverRaw(outboxId: string): Promise<Buffer> {
  const { transport, sent } = createCaptureTransport();
  const outcome = await deliverOutboxMessage({
    db,
    transport,
    from: FROM,
    outboxId,
    attempt: 1,
    maxAttempts: 3,
  });
  expect(outcome.outcome).toBe("sent");
  const raw = sent[0]?.raw;
  if (!raw) throw new Error("nothing sent");
  return raw;
}

beforeAll(async () => {
  gnupgHome = mkdtempSync(path.join(tmpdir(), "disclose-gnupg-"));
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  teamPublicKey = makeGpgTeamKey(MAIL_CONTACT);
  const plainTeamKey = makeGpgTeamKey(PLAIN_CONTACT);
  orgMail = await organization("Mail Distro", MAIL_CONTACT, true, teamPublicKey);
  orgPlain = await organization("Plain Distro", PLAIN_CONTACT, false, plainTeamKey);
  caseId = await readyCase();
  await (await api(pst1)).earlyDisclosure.prepare({
    reportId: caseId,
    terms: "Embargo until the disclosure time; share nothing outside your security team.",
    disclosureAt,
    organizationIds: [orgMail, orgPlain],
  });
}, 120_000);

afterAll(async () => {
  await t?.drop();
  if (gnupgHome) rmSync(gnupgHome, { recursive: true, force: true });
});

const subject = () =>
  `[EMBARGOED] Disclose case ${caseId.slice(0, 8)}: action needed by 2026-12-09 15:00 UTC`;

describe("early-disclosure email", () => {
  it("emails each copy PGP/MIME to the security contact of an organisation that asked; gpg with the team key reads the marked patch", async () => {
    const { marked } = await uploadFor(orgMail);
    const encrypted = await db.outboxMessage.findMany({
      where: { toAddress: MAIL_CONTACT, pgpEncrypted: { not: null } },
    });
    expect(encrypted).toHaveLength(1);
    const row = encrypted[0];
    if (!row) throw new Error("no PGP/MIME message");
    expect(row.subject).toBe(subject());
    // The server holds no plaintext of the patch, not even in the outbox.
    expect(JSON.stringify(row)).not.toContain("Length check");

    const raw = (await deliverRaw(row.id)).toString("utf8");
    const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]/g, " ");
    expect(head).toMatch(/^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted";/m);
    expect(head).toContain(`Subject: ${subject()}`);
    expect(raw).toMatch(/Content-Type: application\/pgp-encrypted\r\n[\s\S]*?\r\n\r\nVersion: 1\r\n/);
    expect(raw).toMatch(/Content-Type: application\/octet-stream; name="?encrypted\.asc"?/);
    expect(raw).not.toContain("Length check");

    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----\r?\n/.exec(raw)?.[0];
    if (!armored) throw new Error("no encrypted part");
    const plaintext = gpg(["--pinentry-mode", "loopback", "--decrypt"], armored);
    expect(plaintext).toBe(marked);
    expect(plaintext).toContain("Subject: [PATCH] Length check in the parser");

    // Delivered: the encrypted part is gone from the outbox.
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SENT",
      pgpEncrypted: null,
    });
  });

  it("sends the notice with the embargo end as a valid .ics, to members and the security contact", async () => {
    const notices = await db.outboxMessage.findMany({
      where: { subject: subject(), pgpEncrypted: null, status: "PENDING" },
      include: { attachments: true },
    });
    // The organisation's member and its security contact.
    expect(notices.length).toBeGreaterThanOrEqual(2);
    expect(notices.map((n) => n.toAddress)).toContain(MAIL_CONTACT);
    for (const n of notices)
      expect(n.attachments.map((a) => a.fileName)).toEqual([`embargo-${caseId.slice(0, 8)}.ics`]);
    const notice = notices.find((n) => n.toAddress === MAIL_CONTACT);
    if (!notice) throw new Error("no notice");

    const parsed = await parseCapturedEmail(await deliverRaw(notice.id));
    expect(parsed.subject).toBe(subject());
    expect(parsed.text).toContain(`/distributor/cases/${caseId}`);
    expect(parsed.attachments).toHaveLength(1);
    const ics = parsed.attachments[0];
    expect(ics?.contentType).toBe("text/calendar");
    const text = ics?.content.toString("utf8") ?? "";
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("\r\nBEGIN:VEVENT\r\n");
    expect(text).toContain("\r\nDTSTART:20261209T150000Z\r\n");
    expect(text).toContain("\r\nEND:VCALENDAR\r\n");
    expect(text).not.toMatch(/Length check|PATCH/);
    expect(await db.outboxAttachment.count({ where: { outboxMessageId: notice.id } })).toBe(0);
  });

  it("queues nothing for a refused upload (a copy also encrypted to a key outside the organisation)", async () => {
    const before = await db.outboxMessage.count({ where: { toAddress: MAIL_CONTACT } });
    const outsider = (await generateTestKey({ name: "Outsider", passphrase: "outsider passphrase" }))
      .publicKey;
    const lead = await api(pst1);
    // Already notified, so `recipients` no longer offers it: its keys as the server knows them.
    const view = await lead.earlyDisclosure.get({ reportId: caseId });
    const [org] = await loadOrganizationRecipients(db, now, [orgMail]);
    const version = view.patchVersions[0];
    if (!org?.markCode || !version) throw new Error("no mark");
    const ciphertext = await encryptBytes(new TextEncoder().encode(markPatch(SECRET_PATCH, org.markCode)), [
      ...org.recipients.map((r) => r.armoredPublicKey),
      outsider,
    ]);
    await expect(
      lead.earlyDisclosure.uploadCopies({
        reportId: caseId,
        organizationId: orgMail,
        copies: [
          {
            patchVersionId: version.id,
            fileName: markedFileName(version.fileName, org.markCode),
            ciphertext: Buffer.from(ciphertext).toString("base64"),
          },
        ],
      }),
    ).rejects.toThrow(/outside the organisation/);
    expect(await db.outboxMessage.count({ where: { toAddress: MAIL_CONTACT } })).toBe(before);
  });

  it("sends no PGP/MIME mail to an organisation without email delivery; its notice still comes", async () => {
    await uploadFor(orgPlain);
    expect(
      await db.outboxMessage.count({ where: { toAddress: PLAIN_CONTACT, pgpEncrypted: { not: null } } }),
    ).toBe(0);
    expect(await db.outboxMessage.count({ where: { toAddress: PLAIN_CONTACT, subject: subject() } })).toBe(1);
  });
});
