// Issue 14 (and 13's "help with release notes"): the case's advisory draft is sealed to its team; the Fix Lead
// shares it with notified distributors as per-organisation copies; their comments come back sealed to the team.
import { randomUUID } from "node:crypto";
import { decryptTextWithKeys, encryptText, unlockPrivateKey } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-12-01T12:00:00Z");
const PASSPHRASE = "a passphrase";
const DRAFT = JSON.stringify({ version: 1, form: { title: "Cache poisoning in the resolver" } });

type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let fixer: TestUserSession;
let outsider: TestUserSession;
let outsiderKey: string;
let member: TestUserSession;
let otherOrgMember: TestUserSession;
let lateMember: TestUserSession;
let orgId: string;
let otherOrgId: string;
let teamKeys: Record<string, PrivateKey>;
let caseA: string;

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

async function organization(name: string) {
  const pair = await generateTestKey({ name: `${name} team`, passphrase: PASSPHRASE });
  const org = await db.distributorOrganization.create({
    data: { name, teamKeyArmored: pair.publicKey, teamKeyFingerprint: pair.fingerprint },
  });
  teamKeys[org.id] = await unlockPrivateKey(pair.lockedPrivateKey, PASSPHRASE);
  return org.id;
}

async function distributorIn(organizationId: string): Promise<TestUserSession> {
  const s = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: s.userId, organizationId } });
  return s;
}

/** The draft sealed as the editor does: to the readers the workspace gives. */
async function sealedDraft(session: TestUserSession, text: string, extra: string[] = []) {
  const { readers } = await (await api(session)).advisories.workspace({ reportId: caseA });
  return encryptText(text, [...readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])), ...extra]);
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  teamKeys = {};
  const demo = await getDemoPrivateKeys(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  const fixerKey = await generateTestKey({ name: "Fixer", passphrase: PASSPHRASE });
  await (await api(fixer)).keys.register({
    armoredPublicKey: fixerKey.publicKey,
    lockedPrivateKey: fixerKey.lockedPrivateKey,
  });
  outsider = await userWithSession(db, [], { now });
  outsiderKey = (await generateTestKey({ name: "Outsider", passphrase: PASSPHRASE })).publicKey;
  orgId = await organization("Acme Linux");
  otherOrgId = await organization("Other Distro");
  const lateOrgId = await organization("Not Notified");
  member = await distributorIn(orgId);
  otherOrgMember = await distributorIn(otherOrgId);
  lateMember = await distributorIn(lateOrgId);
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  caseA = report.reportId;
  await db.report.update({
    where: { id: caseA },
    data: { state: "distributors-notified", fixLeadId: pst1.userId },
  });
  await db.caseMember.create({ data: { reportId: caseA, userId: fixer.userId } });
  await db.case.create({ data: { id: caseA, openedAt: now } });
  for (const [organizationId, notifiedAt] of [
    [orgId, now],
    [otherOrgId, now],
    [lateOrgId, null],
  ] as const) {
    await db.distributorNotification.create({
      data: { id: randomUUID(), caseId: caseA, organizationId, notifiedAt },
    });
  }
}, 120_000);
afterAll(() => t?.drop());

describe("the draft", () => {
  let firstDraft: string;

  it("is saved sealed by a Fix Team member and read by the Fix Lead with their own packets", async () => {
    const saved = await (await api(fixer)).advisories.saveDraft({
      reportId: caseA,
      ciphertext: await sealedDraft(fixer, DRAFT),
      previousDraftId: null,
    });
    firstDraft = saved.draftId;
    const stored = await db.advisoryDraft.findUniqueOrThrow({ where: { id: firstDraft } });
    expect(stored.ciphertext).not.toContain("Cache poisoning");
    const view = await (await api(pst1)).advisories.workspace({ reportId: caseA });
    expect(view.draft?.id).toBe(firstDraft);
    expect(await decryptTextWithKeys(view.draft?.ciphertext ?? "", pst1Keys)).toBe(DRAFT);
    expect(view.mayEdit).toBe(true);
    // Not released: nobody publishes yet.
    expect(view.mayPublish).toBe(false);
    expect(view.organizations.map((o) => o.name)).toEqual(["Acme Linux", "Other Distro"]);
    const reads = await db.auditEvent.count({ where: { subjectId: caseA, action: "advisory.draft_read" } });
    expect(reads).toBe(1);
  });

  it("refuses to overwrite a newer draft than the editor loaded", async () => {
    const e = await errorOf(
      (await api(pst1)).advisories.saveDraft({
        reportId: caseA,
        ciphertext: await sealedDraft(pst1, DRAFT),
        previousDraftId: null,
      }),
    );
    expect(e).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/saved the draft since/) });
  });

  it.each([
    ["plain text", async () => "the draft in clear"],
    ["a message also encrypted to an outsider", async () => sealedDraft(pst1, DRAFT, [outsiderKey])],
  ])("refuses %s and stores nothing", async (_label, ciphertext) => {
    const before = await db.advisoryDraft.count();
    const e = await errorOf(
      (await api(pst1)).advisories.saveDraft({
        reportId: caseA,
        ciphertext: await ciphertext(),
        previousDraftId: firstDraft,
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(await db.advisoryDraft.count()).toBe(before);
  });

  it("is nothing to someone off the case, or to a distributor", async () => {
    expect((await errorOf((await api(outsider)).advisories.workspace({ reportId: caseA }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await errorOf((await api(member)).advisories.workspace({ reportId: caseA }))).code).toMatch(
      /NOT_FOUND|FORBIDDEN/,
    );
  });
});

describe("the draft with the distributors", () => {
  it("is shared by the Fix Lead as a copy per notified organisation, encrypted to its keys", async () => {
    const lead = await api(pst1);
    const view = await lead.advisories.workspace({ reportId: caseA });
    const { organizations } = await lead.advisories.draftRecipients({ reportId: caseA });
    expect(organizations.map((o) => o.name).sort()).toEqual(["Acme Linux", "Other Distro"]);
    const text = await decryptTextWithKeys(view.draft?.ciphertext ?? "", pst1Keys);
    const copies = await Promise.all(
      organizations.map(async (o) => ({
        organizationId: o.id,
        ciphertext: await encryptText(
          text,
          o.keys.map((k) => k.armoredPublicKey),
        ),
      })),
    );
    // A copy for one organisation encrypted to another's keys is refused.
    const swapped = [{ organizationId: copies[0]!.organizationId, ciphertext: copies[1]!.ciphertext }];
    expect(
      (
        await errorOf(
          lead.advisories.shareDraft({ reportId: caseA, draftId: view.draft!.id, copies: swapped }),
        )
      ).code,
    ).toMatch(/CONFLICT|BAD_REQUEST/);
    expect(await lead.advisories.shareDraft({ reportId: caseA, draftId: view.draft!.id, copies })).toEqual({
      shared: 2,
    });
    // Only the Fix Lead shares.
    expect((await errorOf((await api(fixer)).advisories.draftRecipients({ reportId: caseA }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("gives each notified member their organisation's copy only, readable with its key", async () => {
    const mine = await (await api(member)).advisories.distributorDraft({ reportId: caseA });
    expect(await decryptTextWithKeys(mine.copy?.ciphertext ?? "", [teamKeys[orgId]!])).toBe(DRAFT);
    await expect(decryptTextWithKeys(mine.copy?.ciphertext ?? "", [teamKeys[otherOrgId]!])).rejects.toThrow();
    const theirs = await (await api(otherOrgMember)).advisories.distributorDraft({ reportId: caseA });
    expect(theirs.copy?.ciphertext).not.toBe(mine.copy?.ciphertext);
    expect(
      (await errorOf((await api(lateMember)).advisories.distributorDraft({ reportId: caseA }))).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf((await api(fixer)).advisories.distributorDraft({ reportId: caseA }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("takes a member's comment sealed to the team, which the team reads", async () => {
    const view = await (await api(member)).advisories.distributorDraft({ reportId: caseA });
    const keys = view.keys.map((k) => k.armoredPublicKey);
    const outsiderToo = await errorOf(
      (await api(member)).advisories.comment({
        reportId: caseA,
        ciphertext: await encryptText("leaky", [...keys, outsiderKey]),
      }),
    );
    expect(outsiderToo.code).toBe("BAD_REQUEST");
    await (await api(member)).advisories.comment({
      reportId: caseA,
      ciphertext: await encryptText("Say 1.11.4, not 1.11.3, in the upgrade text.", keys),
    });
    const comments = await (await api(pst1)).advisories.comments({ reportId: caseA });
    expect(comments).toHaveLength(1);
    expect(comments[0]?.organizationName).toBe("Acme Linux");
    expect(await decryptTextWithKeys(comments[0]?.ciphertext ?? "", pst1Keys)).toContain("1.11.4");
    expect(
      (await errorOf((await api(lateMember)).advisories.comment({ reportId: caseA, ciphertext: "x" }))).code,
    ).toMatch(/NOT_FOUND|BAD_REQUEST/);
  });

  it("ends a removed member's access on the next request", async () => {
    await db.distributorMembership.update({ where: { userId: member.userId }, data: { status: "removed" } });
    expect((await errorOf((await api(member)).advisories.distributorDraft({ reportId: caseA }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("publishing", () => {
  const content = {
    title: "Cache poisoning through unverified answers",
    summary: "The resolver cached answers it had not verified, so an attacker could poison the cache.",
    description: "## Impact\n\nAn off-path attacker could make the cache serve **forged** answers.",
    affected: [
      {
        kind: "package",
        ecosystem: "Go",
        name: "github.com/example/resolver",
        ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.11.4" }] }],
      },
    ],
    vulnerabilities: [
      {
        id: "v1",
        cveId: "CVE-2026-40001",
        cweId: "CWE-345",
        cvssVector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N",
      },
    ],
    credits: [{ name: "Ada Reporter", type: "finder" }],
    references: [],
    fixes: [{ url: "https://github.com/example/resolver/pull/7", title: "Verify answers" }],
    upgradeInstructions: "Upgrade to 1.11.4.",
  };

  it("is refused before the release, and to anyone but the Fix Lead", async () => {
    const before = await errorOf(
      (await api(pst1)).advisories.publish({ reportId: caseA, content, revisionSummary: "Initial release." }),
    );
    expect(before).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/released/) });
    await db.report.update({ where: { id: caseA }, data: { state: "released" } });
    const fixerTries = await errorOf(
      (await api(fixer)).advisories.publish({
        reportId: caseA,
        content,
        revisionSummary: "Initial release.",
      }),
    );
    expect(fixerTries.code).toBe("FORBIDDEN");
  });

  it("refuses bad content naming the field, and writes nothing", async () => {
    const bad = {
      ...content,
      affected: [{ ...content.affected[0], ranges: [{ type: "SEMVER", events: [{ fixed: "1.0" }] }] }],
    };
    const e = await errorOf(
      (await api(pst1)).advisories.publish({
        reportId: caseA,
        content: bad,
        revisionSummary: "Initial release.",
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/affected|range|introduced/i);
    expect(await db.advisory.count({ where: { caseId: caseA } })).toBe(0);
  });

  it("publishes at release: the advisory, its signed documents, and the announcement to confirmed subscribers", async () => {
    await db.announcementSubscriber.createMany({
      data: [
        { id: randomUUID(), email: "confirmed@example.org", status: "confirmed", createdAt: now },
        { id: randomUUID(), email: "pending@example.org", status: "pending", createdAt: now },
      ],
    });
    const result = await (await api(pst1)).advisories.publish({
      reportId: caseA,
      content,
      revisionSummary: "Initial release.",
      announce: true,
    });
    expect(result.publicId).toMatch(/^DISCLOSE-2026-\d{4}$/);
    expect(result).toMatchObject({ revision: 1, announced: 1, cveRecords: [] });
    const documents = await db.advisoryDocument.findMany({ where: { advisory: { caseId: caseA } } });
    expect(documents.map((d) => d.format).sort()).toEqual(["csaf", "cve", "osv"]);
    for (const d of documents) expect(d.signature).toContain("BEGIN PGP SIGNATURE");
    const mail = await db.outboxMessage.findMany({ where: { toAddress: "confirmed@example.org" } });
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain(result.publicId);
    expect(await db.outboxMessage.count({ where: { toAddress: "pending@example.org" } })).toBe(0);
    const view = await (await api(pst1)).advisories.workspace({ reportId: caseA });
    expect(view.published).toMatchObject({ publicId: result.publicId, revision: 1 });
    // A revision keeps the id and numbers on.
    const second = await (await api(pst1)).advisories.publish({
      reportId: caseA,
      content: { ...content, upgradeInstructions: "Upgrade to 1.11.4 or 1.12.1." },
      revisionSummary: "Adds the 1.12 line.",
    });
    expect(second).toMatchObject({ publicId: result.publicId, revision: 2, announced: null });
  });

  it("is withdrawn by the Fix Lead with a reason, as a new revision; publishing again is refused", async () => {
    expect(
      (await errorOf((await api(fixer)).advisories.withdraw({ reportId: caseA, reason: "x" }))).code,
    ).toBe("FORBIDDEN");
    const withdrawn = await (await api(pst1)).advisories.withdraw({
      reportId: caseA,
      reason: "Not exploitable: the cache verifies answers elsewhere.",
    });
    expect(withdrawn.revision).toBe(3);
    const row = await db.advisory.findUniqueOrThrow({ where: { caseId: caseA } });
    expect(row.withdrawnReason).toContain("Not exploitable");
    const again = await errorOf(
      (await api(pst1)).advisories.publish({ reportId: caseA, content, revisionSummary: "Again." }),
    );
    expect(again.code).toBe("CONFLICT");
  });
});
