// Issue 5's authorization test: every admin procedure, called as every kind of caller. What the domain's can()

// (and the procedure ladder) does not allow is refused, no response carries a case the caller may not see, and
// a procedure that declares its lists per caller fills exactly those lists.
import { encryptText, splitAnyMessage } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { can, mayHold, type TActor, type TCaseFacts } from "@disclose/domain";
import { installJobQueue } from "@disclose/email";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf } from "./auth/actor";
import { advisoriesRows } from "./authorization-rows/advisories";
import { announcementsRows } from "./authorization-rows/announcements";
import { auditRows } from "./authorization-rows/audit";
import { caseEventsRows } from "./authorization-rows/case-events";
import { caseWorkflowRows } from "./authorization-rows/case-workflow";
import { cveRequestsRows } from "./authorization-rows/cve-requests";
import { distributorApplicationsRows } from "./authorization-rows/distributor-applications";
import { distributorCasesRows } from "./authorization-rows/distributor-cases";
import { distributorFeedbackRows } from "./authorization-rows/distributor-feedback";
import { distributorLeaksRows } from "./authorization-rows/distributor-leaks";
import { distributorListRows } from "./authorization-rows/distributor-list";
import { earlyDisclosureRows } from "./authorization-rows/early-disclosure";
import type { AuthzCase, AuthzFixture } from "./authorization-rows/fixture";
import { metricsRows } from "./authorization-rows/metrics";
import { notificationsRows } from "./authorization-rows/notifications";
import { passkeysRows } from "./authorization-rows/passkeys";
import { patchesRows } from "./authorization-rows/patches";
import { recoveryRows } from "./authorization-rows/recovery";
import { releaseRows } from "./authorization-rows/release";
import { teamKeysRows } from "./authorization-rows/team-keys";
import { vulnerabilitiesRows } from "./authorization-rows/vulnerabilities";
import { workspaceRows } from "./authorization-rows/workspace";
import { createContext } from "./context";
import { adminRouter, createAdminCaller } from "./root";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { canSee, loadCaseFacts } from "./use-cases/cases/case-access";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";
import { teamReaders } from "./use-cases/team/team-access";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-24T12:00:00Z");

const CALLERS = [
  "no session",
  "session without second factor",
  "admin",
  "PST member",
  "PST member not leading the case",
  "Fix Team member of the case",
  "member of another case",
  "distributor of another organisation",
  "account without roles",
] as const;
type CallerKind = (typeof CALLERS)[number];

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];
let caseA: { id: string; ciphertext: string; reporterPublicKey: string };
let caseAFacts: TCaseFacts;
const emails: Partial<Record<CallerKind, string>> = {};

async function newReport(): Promise<{ id: string; ciphertext: string; reporterPublicKey: string }> {
  const report = await submitTestReport(db, { pstKeys, now, content: { title: "Secret of this case" } });
  return {
    id: report.reportId,
    ciphertext: report.encrypted.ciphertext,
    reporterPublicKey: report.reporter.publicKey,
  };
}

/** A session-key packet addressed to a key (what a browser's grant sends), base64. */
async function packetFor(armoredPublicKey: string): Promise<string> {
  const split = await splitAnyMessage(await encryptText("grant", [armoredPublicKey]));
  return Buffer.from(split.keyPackets[0]?.bytes ?? new Uint8Array()).toString("base64");
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db });
  const pst = await db.user.findUniqueOrThrow({ where: { email: "pst1@demo.disclose.test" } });
  caseA = await newReport();
  const caseB = await newReport();
  await db.report.updateMany({
    where: { id: { in: [caseA.id, caseB.id] } },
    data: { state: "accepted", fixLeadId: pst.id },
  });
  const fixer = await db.user.findUniqueOrThrow({ where: { email: "fixer@demo.disclose.test" } });
  await db.caseMember.create({ data: { reportId: caseA.id, userId: fixer.id } });
  const other = await userWithSession(db, [], { now });
  await db.caseMember.create({ data: { reportId: caseB.id, userId: other.userId } });
  const otherOrg = await db.distributorOrganization.create({ data: { name: "Other Distribution" } });
  const otherDistributor = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({
    data: { userId: otherDistributor.userId, organizationId: otherOrg.id },
  });
  const plain = await userWithSession(db, [], { now });
  const otherPst = await userWithSession(db, ["PST_MEMBER"], { now });
  Object.assign(emails, {
    "session without second factor": "pst2@demo.disclose.test",
    admin: "admin@demo.disclose.test",
    "PST member": "pst1@demo.disclose.test",
    "PST member not leading the case": otherPst.email,
    "Fix Team member of the case": "fixer@demo.disclose.test",
    "member of another case": other.email,
    "distributor of another organisation": otherDistributor.email,
    "account without roles": plain.email,
  });
  caseAFacts = (await loadCaseFacts(db, caseA.id)) as TCaseFacts;
}, 120_000);
afterAll(() => t?.drop());

/** An accepted case led by the PST member, with the fixer on its Fix Team: the same roles as case A. */
async function caseLikeA(): Promise<string> {
  const report = await newReport();
  await db.report.update({
    where: { id: report.id },
    data: { state: "accepted", fixLeadId: caseAFacts.fixLeadId },
  });
  await db.caseMember.create({ data: { reportId: report.id, userId: caseAFacts.fixTeamIds[0] ?? "" } });
  return report.id;
}

/** A fresh session per call: some procedures (sign out, deactivate) end sessions. */
async function sessionOf(kind: CallerKind): Promise<TestUserSession | null> {
  const email = emails[kind];
  if (!email) return null;
  return sessionFor(db, email, { now, secondFactor: kind !== "session without second factor" });
}

async function actorFor(session: TestUserSession | null): Promise<TActor | null> {
  if (!session) return null;
  const ctx = await createContext({
    app: "admin",
    appUrl: ADMIN_URL,
    db,
    now,
    headers: new Headers({ cookie: session.cookie }),
  });
  return ctx.session ? actorOf(ctx.session) : null;
}

type Case = AuthzCase;

const isStaff = (a: TActor) => a.kind === "staff";
const onCase = (action: Parameters<typeof can>[1]) => (a: TActor) =>
  can(a, action, { kind: "case", case: caseAFacts });
const system = (action: Parameters<typeof can>[1]) => (a: TActor) => can(a, action, { kind: "system" });
const isPst = (a: TActor) => a.kind === "staff" && a.roles.includes("pst");
const anyone = () => true;
const throwawayUser = async () => ({ userId: (await userWithSession(db, [], { now })).userId });
/** Other people's sessions handed to account.endSession: each must outlive the call (checked at the end). */
const othersSessions: string[] = [];
const othersSession = async () => {
  const { sessionId } = await userWithSession(db, [], { now });
  othersSessions.push(sessionId);
  return { sessionId };
};

/** What the case workflow's row files read (filled by beforeAll before any row runs). */
const fx = {
  get db() {
    return db;
  },
  now,
  get pstKeys() {
    return pstKeys;
  },
  get caseA() {
    return caseA;
  },
  get caseAFacts() {
    return caseAFacts;
  },
  caseLikeA: () => caseLikeA(),
  onCase: (action) => onCase(action),
} satisfies AuthzFixture;

const PROCEDURES: Record<string, Case> = {
  ...caseWorkflowRows(fx),
  ...caseEventsRows(fx),
  ...vulnerabilitiesRows(fx),
  ...workspaceRows(fx),
  ...patchesRows(fx),
  ...releaseRows(fx),
  ...notificationsRows(fx),
  ...distributorListRows(fx),
  ...distributorApplicationsRows(fx),
  ...earlyDisclosureRows(fx),
  ...distributorCasesRows(fx),
  ...distributorFeedbackRows(fx),
  ...distributorLeaksRows(fx),
  ...advisoriesRows(fx),
  ...cveRequestsRows(fx),
  ...announcementsRows(fx),
  ...auditRows(fx),
  ...metricsRows(fx),
  ...recoveryRows(fx),
  ...teamKeysRows(fx),
  "health.check": { allowed: anyone, beforeSecondFactor: true },
  "account.me": { allowed: anyone },
  "account.signOut": { allowed: anyone, beforeSecondFactor: true },
  "account.signOutEverywhere": { allowed: anyone },
  "account.sessions": { allowed: anyone },
  // Another person's session id: "not found" for everyone, and the session lives on.
  "account.endSession": { input: othersSession, allowed: anyone },
  "account.securityEvents": { allowed: anyone },
  "account.secondFactors": { allowed: anyone },
  "account.newRecoveryCodes": { input: async () => ({ code: "123456" }), allowed: anyone },
  "account.casesAwaitingMyKey": { allowed: anyone },
  "auth.status": { allowed: anyone, beforeSecondFactor: true },
  "auth.startTotpEnrollment": { allowed: anyone, beforeSecondFactor: true },
  "auth.confirmTotpEnrollment": {
    input: async () => ({ code: "123456" }),
    allowed: anyone,
    beforeSecondFactor: true,
  },
  "auth.verifySecondFactor": {
    input: async () => ({ code: "123456" }),
    allowed: anyone,
    beforeSecondFactor: true,
  },
  ...passkeysRows(fx),
  // PST members and admins (pstProcedure): the mailbox's state, never its content.
  "mailIntake.status": {
    allowed: (a) => a.kind === "staff" && (a.roles.includes("pst") || a.roles.includes("admin")),
  },
  "cases.inbox": { input: async () => ({}), allowed: anyone },
  "cases.get": { input: async () => ({ reportId: caseA.id }), allowed: onCase("report.read") },
  "cases.history": { input: async () => ({ reportId: caseA.id }), allowed: onCase("case.read-history") },
  "cases.decide": {
    // A fresh case shaped like case A each time: a successful start-fix would move case A on.
    input: async () => ({ reportId: await caseLikeA(), command: { type: "start-fix" } }),
    allowed: onCase("transition:start-fix"),
  },
  "cases.reassignFixLead": {
    input: async () => ({ reportId: await caseLikeA(), toMemberId: null, note: "authorization test" }),
    allowed: onCase("case.assign-fix-lead"),
  },
  "cases.setFixTeamMember": {
    input: async () => ({ reportId: caseA.id, userId: caseAFacts.fixTeamIds[0], member: true }),
    allowed: onCase("case.manage-fix-team"),
  },
  "cases.postMessage": {
    input: async () => ({
      reportId: caseA.id,
      ciphertext: await encryptText("hello", [caseA.reporterPublicKey]),
    }),
    allowed: onCase("report.comment"),
  },
  "cases.writeSummary": {
    input: async () => ({
      reportId: caseA.id,
      summary: await encryptText(
        "{}",
        pstKeys.map((k) => k.armoredPublicKey),
      ),
    }),
    allowed: onCase("report.read"),
  },
  "cases.triageContext": {
    input: async () => ({ reportId: caseA.id }),
    allowed: (a) => canSee(a, caseAFacts),
    // The rotation for who may reassign the Fix Lead; the staff roster only for the Fix Lead picking the team.
    lists: (a) => [
      ...(onCase("case.assign-fix-lead")(a) ? ["pstMembers"] : []),
      ...(onCase("case.manage-fix-team")(a) ? ["staff"] : []),
    ],
  },
  // Lists only what the caller may read; empty for everyone else.
  "grants.pending": { allowed: anyone },
  "grants.work": { input: async () => ({ limit: 10 }), allowed: anyone },
  "grants.complete": {
    input: async () => {
      const pst2 = pstKeys.find((k) => k.userName.includes("2")) ?? pstKeys[1];
      return {
        grants: [
          {
            kind: "report",
            itemId: caseA.id,
            granteeUserId: pst2?.userId,
            granteeFingerprint: pst2?.fingerprint,
            packets: await packetFor(pst2?.armoredPublicKey ?? ""),
          },
        ],
      };
    },
    allowed: onCase("report.read"),
  },
  "cases.settings": { allowed: anyone },
  "cases.updateSettings": {
    input: async () => ({ ackDeadlineHours: 48 }),
    allowed: system("settings.manage"),
  },
  "users.list": { allowed: (a) => system("users.manage")(a) || isPst(a) },
  "users.invite": {
    input: async () => ({
      email: `invite-${Math.random().toString(36).slice(2)}@example.test`,
      name: "New",
      roles: [],
    }),
    allowed: system("users.manage"),
  },
  "users.changeRoles": {
    input: async () => ({ ...(await throwawayUser()), roles: ["PST_MEMBER"] }),
    allowed: system("users.manage"),
  },
  "users.deactivate": { input: throwawayUser, allowed: system("users.manage") },
  "users.reactivate": { input: throwawayUser, allowed: system("users.manage") },
  "users.revokeSessions": { input: throwawayUser, allowed: system("users.manage") },
  // Reading one's own out-of-office date is harmless for anyone; only staff are in the rotation it affects.
  "users.availability": { allowed: anyone },
  "users.setAvailability": { input: async () => ({ unavailableUntil: null }), allowed: isStaff },
  "users.organizations.list": { allowed: (a) => system("users.manage")(a) || isPst(a) },
  "users.organizations.create": {
    input: async () => ({ name: `Org ${Math.random().toString(36).slice(2)}` }),
    allowed: system("users.manage"),
  },
  // Any account past the second factor may hold a key (only PST members' keys are used for reports).
  "keys.mine": { allowed: anyone },
  "keys.readLockedPrivateKeys": { allowed: anyone },
  "keys.register": {
    input: async () => {
      const key = await generateTestKey({
        name: "Authz",
        email: "authz@example.test",
        passphrase: "a long passphrase",
      });
      return { armoredPublicKey: key.publicKey, lockedPrivateKey: key.lockedPrivateKey };
    },
    allowed: anyone,
  },
  "keys.retire": { input: async () => ({ keyId: "00000000-0000-4000-8000-000000000000" }), allowed: anyone },
  "keys.team": { allowed: anyone },
  // The team discussion: the PST and the case's Fix Lead and Fix Team (the domain's holders of team messages).
  "teamDiscussion.list": {
    input: async () => ({ reportId: caseA.id }),
    allowed: (a) => mayHold(a, "team-message", caseAFacts),
  },
  "teamDiscussion.post": {
    // Encrypted to the readers of now: other rows register keys as they run.
    input: async () => {
      const readers = await db.$transaction((tx) => teamReaders(tx, caseAFacts, now));
      return {
        reportId: caseA.id,
        ciphertext: await encryptText(
          "team",
          readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
        ),
        mentions: [],
      };
    },
    allowed: (a) => mayHold(a, "team-message", caseAFacts),
  },
};

const REFUSALS = new Set<TRPCError["code"]>(["UNAUTHORIZED", "FORBIDDEN"]);

async function call(path: string, kind: CallerKind) {
  const session = await sessionOf(kind);
  const entry = PROCEDURES[path] as Case;
  const ctx = await createContext({
    app: "admin",
    appUrl: ADMIN_URL,
    db,
    now,
    headers: new Headers({ origin: ADMIN_URL, ...(session ? { cookie: session.cookie } : {}) }),
    responseHeaders: new Headers(),
  });
  const caller = createAdminCaller(ctx) as unknown as Record<string, unknown>;
  const procedure = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  const input = entry.input ? await entry.input() : undefined;
  try {
    return { ok: true as const, value: await procedure(input), session };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false as const, code: error.code, session };
  }
}

describe("authorization of every admin procedure", () => {
  it("has a row for every procedure, so a new one cannot be added untested", () => {
    expect(Object.keys(adminRouter._def.procedures).sort()).toEqual(Object.keys(PROCEDURES).sort());
  });

  for (const path of Object.keys(PROCEDURES)) {
    it.each(CALLERS)(`${path} as %s`, async (kind) => {
      const entry = PROCEDURES[path] as Case;
      const result = await call(path, kind);
      const actor = await actorFor(kind === "no session" ? null : await sessionOf(kind));
      const expected =
        path === "health.check" ||
        Boolean(entry.public) ||
        (kind === "no session"
          ? false
          : kind === "session without second factor"
            ? Boolean(entry.beforeSecondFactor)
            : actor !== null && entry.allowed(actor));
      if (expected) {
        // Past authorization: success, or a business answer (a wrong code, a conflict), never a refusal.
        if (!result.ok) expect(REFUSALS.has(result.code), `${path} as ${kind}: ${result.code}`).toBe(false);
      } else {
        expect(result.ok, `${path} as ${kind} should be refused`).toBe(false);
        if (!result.ok) expect(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]).toContain(result.code);
      }
      if (result.ok && actor && entry.lists) {
        const filled = Object.entries(result.value as Record<string, unknown>)
          .filter(([, value]) => Array.isArray(value) && value.length > 0)
          .map(([key]) => key);
        expect(filled.sort(), `${path} as ${kind}: the lists it fills`).toEqual(entry.lists(actor).sort());
      }
      // No response ever carries a case the caller may not read.
      if (result.ok && !(actor && can(actor, "report.read", { kind: "case", case: caseAFacts }))) {
        const text = JSON.stringify(result.value);
        expect(text).not.toContain("PGP MESSAGE");
        if (
          !(
            (actor && can(actor, "case.view-summary", { kind: "case", case: caseAFacts })) ||
            (actor && isPst(actor))
          )
        ) {
          expect(text).not.toContain(caseA.id);
        }
      }
    });
  }

  it("account.endSession left every other person's session alive", async () => {
    expect(othersSessions.length).toBeGreaterThan(0);
    expect(await db.session.count({ where: { id: { in: othersSessions } } })).toBe(othersSessions.length);
  });
});
