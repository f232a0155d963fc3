import { randomBytes } from "node:crypto";
import { generateLockedKey } from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { DISTRIBUTOR_LIST_COLUMNS } from "@disclose/domain";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { sessionFor, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";

// Keys are made at the wall clock, so the calls run at it too, once the keys exist (a key made after `now` is not
// valid yet) and the short-lived one has expired.
let now: Date;

let test: TestDatabase;
let db: Db;
let keyA: string;
let keyB: string;
let fingerprintA: string;
let expiredKey: string;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  const [a, b] = await Promise.all([
    generateLockedKey({ name: "Team A", passphrase: "a passphrase" }),
    generateLockedKey({ name: "Team B", passphrase: "a passphrase" }),
  ]);
  keyA = a.publicKey;
  fingerprintA = a.fingerprint;
  keyB = b.publicKey;
  expiredKey = (await generateLockedKey({ name: "Old", passphrase: "x", expiresInSeconds: 1 })).publicKey;
  await new Promise((resolve) => setTimeout(resolve, 1100));
  now = new Date();
}, 120_000);
afterAll(() => test?.drop());

const tag = () => randomBytes(4).toString("hex");
const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;
/** The CSV line each row starts on (a quoted team key spans many lines; the header is line 1). */
const startLines = (rows: string[][]) => {
  let line = 2;
  return rows.map((row) => {
    const start = line;
    line += 1 + row.join("").split("\n").length - 1;
    return start;
  });
};
const csvOf = (rows: string[][]) =>
  [DISTRIBUTOR_LIST_COLUMNS.join(","), ...rows.map((row) => row.map(csvField).join(","))].join("\r\n");

/** A list of two organisations: A with two contacts (key on the first row only), B with one. */
function list(t = tag(), overrides: { keyB?: string } = {}) {
  return {
    t,
    orgA: `Alpha Linux ${t}`,
    orgB: `Beta BSD ${t}`,
    csv: csvOf([
      [
        `Alpha Linux ${t}`,
        "alpha's coredns package",
        `security@alpha-${t}.example`,
        "yes",
        "Ana",
        `ana@alpha-${t}.example`,
        keyA,
      ],
      [
        `Alpha Linux ${t}`,
        "alpha's coredns package",
        `security@alpha-${t}.example`,
        "yes",
        "Bo",
        `Bo@Alpha-${t}.example`,
        "",
      ],
      [
        `Beta BSD ${t}`,
        "beta ports",
        `sec@beta-${t}.example`,
        "no",
        "Cy",
        `cy@beta-${t}.example`,
        overrides.keyB ?? keyB,
      ],
    ]),
  };
}

const as = async (roles: ("ADMIN" | "PST_MEMBER" | "DISTRIBUTOR_MEMBER")[]) =>
  adminCallerAs(db, await userWithSession(db, roles, { now }), { now });

const counts = async () => ({
  organizations: await db.distributorOrganization.count(),
  users: await db.user.count(),
  memberships: await db.distributorMembership.count(),
  outbox: await db.outboxMessage.count(),
  audit: await db.auditEvent.count(),
});

describe("distributorList.previewImport", () => {
  it("shows what would be created, with each team key's fingerprint, and writes nothing", async () => {
    const pst = await as(["PST_MEMBER"]);
    const { csv, orgA } = list();
    const before = await counts();
    const preview = await pst.distributorList.previewImport({ csv });
    expect(preview.problems).toEqual([]);
    expect(preview.organizations.map((o) => [o.name, o.contacts.length])).toEqual([
      [orgA, 2],
      [expect.stringMatching(/^Beta BSD/), 1],
    ]);
    expect(preview.organizations[0]).toMatchObject({
      line: 2,
      emailDelivery: true,
      teamKeyFingerprint: fingerprintA,
    });
    expect(preview.organizations[0]?.contacts[1]?.email).toMatch(/^bo@alpha-/);
    expect(await counts()).toEqual(before);
  });

  it("lists every problem with its line and column: a bad email, an expired key, a private key, a formula", async () => {
    const admin = await as(["ADMIN"]);
    const t = tag();
    const rows = [
      [`Gamma ${t}`, "g", `s@g-${t}.example`, "no", "Di", "not-an-email", keyA],
      [`Delta ${t}`, "d", `s@d-${t}.example`, "no", "Ed", `ed@d-${t}.example`, expiredKey],
      [
        `Eps ${t}`,
        "e",
        `s@e-${t}.example`,
        "no",
        '=HYPERLINK("http://x.example")',
        `fi@e-${t}.example`,
        keyB,
      ],
      [
        `Zeta ${t}`,
        "z",
        `s@z-${t}.example`,
        "no",
        "Gu",
        `gu@z-${t}.example`,
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\nx\n-----END PGP PRIVATE KEY BLOCK-----",
      ],
    ];
    const csv = csvOf(rows);
    const lines = startLines(rows);
    const before = await counts();
    const preview = await admin.distributorList.previewImport({ csv });
    expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
      [lines[0], "contact_email"],
      [lines[1], "team_key"],
      [lines[2], "contact_name"],
      [lines[3], "team_key"],
    ]);
    expect(preview.problems[1]?.message).toMatch(/expired/);
    // Spreadsheet rows, beside the lines: the header is row 1, each contact a row however long its key.
    expect(preview.problems.map((p) => p.row)).toEqual([2, 3, 4, 5]);
    expect(await counts()).toEqual(before);
  });

  it("reports an organisation already on the list and an address that is already an account", async () => {
    const pst = await as(["PST_MEMBER"]);
    const { csv, orgA, t } = list();
    await db.distributorOrganization.create({ data: { name: orgA.toUpperCase() } });
    await db.user.create({ data: { email: `cy@beta-${t}.example` } });
    const preview = await pst.distributorList.previewImport({ csv });
    expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "organization"],
      [2 + keyA.split("\n").length + 1, "contact_email"],
    ]);
  });

  it.each([
    ["a wrong header", "name,email\nx,y", /first row must be the header/],
    ["a broken quote", `${DISTRIBUTOR_LIST_COLUMNS.join(",")}\na,"b`, /never closed/],
    ["a file with a byte order mark and nothing else", "\ufeff", /empty/],
  ])("answers %s with a problem, not an error", async (_label, csv, message) => {
    const pst = await as(["PST_MEMBER"]);
    const preview = await pst.distributorList.previewImport({ csv });
    expect(preview.organizations).toEqual([]);
    expect(preview.problems[0]?.message).toMatch(message);
  });

  it("refuses a NUL, an empty input and a wrong type with BAD_INPUT", async () => {
    const pst = await as(["PST_MEMBER"]);
    expect((await errorOf(pst.distributorList.previewImport({ csv: "a\u0000b" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(pst.distributorList.previewImport({ csv: "" }))).message).toMatch(/Paste the CSV/);
    expect((await errorOf(pst.distributorList.previewImport({ csv: 42 } as never))).code).toBe("BAD_REQUEST");
  });

  it("refuses a distributor, an account without roles and a session without second factor", async () => {
    const { csv } = list();
    const distributor = await as(["DISTRIBUTOR_MEMBER"]);
    const plain = await as([]);
    const half = adminCallerAs(db, await userWithSession(db, ["PST_MEMBER"], { now, secondFactor: false }), {
      now,
    });
    expect((await errorOf(distributor.distributorList.previewImport({ csv }))).code).toBe("FORBIDDEN");
    expect((await errorOf(plain.distributorList.import({ csv }))).code).toBe("FORBIDDEN");
    expect((await errorOf((await half).distributorList.import({ csv }))).code).not.toBe("OK");
    expect((await errorOf(plain.distributorList.list())).code).toBe("FORBIDDEN");
  });
});

describe("distributorList.import", () => {
  it("creates the organisations, accounts, memberships, invitations and audit events in one go", async () => {
    const pst = await as(["PST_MEMBER"]);
    const { csv, orgA, t } = list();
    const before = await counts();
    expect(await pst.distributorList.import({ csv })).toEqual({ organizationCount: 2, accountCount: 3 });
    const after = await counts();
    expect(after).toEqual({
      organizations: before.organizations + 2,
      users: before.users + 3,
      memberships: before.memberships + 3,
      outbox: before.outbox + 3,
      audit: before.audit + 5,
    });
    const alpha = await db.distributorOrganization.findFirstOrThrow({
      where: { name: orgA },
      include: { members: { include: { user: { include: { roles: true } } } } },
    });
    expect(alpha).toMatchObject({
      joinedVia: "import",
      status: "active",
      emailDelivery: true,
      securityContact: `security@alpha-${t}.example`,
      teamKeyFingerprint: fingerprintA,
    });
    expect(alpha.teamKeyArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(
      alpha.members.map((m) => [m.user.email, m.status, m.user.roles.map((r) => r.role)]).sort(),
    ).toEqual([
      [`ana@alpha-${t}.example`, "active", ["DISTRIBUTOR_MEMBER"]],
      [`bo@alpha-${t}.example`, "active", ["DISTRIBUTOR_MEMBER"]],
    ]);
    const invitations = await db.outboxMessage.findMany({
      where: { toAddress: { endsWith: `-${t}.example` } },
    });
    expect(invitations.map((m) => m.subject)).toEqual(Array(3).fill("You have an account on Disclose"));
    const events = await db.auditEvent.findMany({
      where: { action: "organization.imported", subjectId: alpha.id },
    });
    expect(events).toHaveLength(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const listed = await pst.distributorList.list();
    expect(listed.organizations.find((o) => o.id === alpha.id)).toMatchObject({
      status: "active",
      memberCount: 2,
      teamKeyFingerprint: fingerprintA,
      distribution: "alpha's coredns package",
    });
  });

  it("imports nothing when one row is bad (all or nothing), and says so", async () => {
    const admin = await as(["ADMIN"]);
    const { csv, orgA } = list(tag(), { keyB: expiredKey });
    const before = await counts();
    const error = await errorOf(admin.distributorList.import({ csv }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/1 problem; nothing was imported\. Line \d+: Beta BSD .*expired/);
    expect(await counts()).toEqual(before);
    expect(await db.distributorOrganization.count({ where: { name: orgA } })).toBe(0);
  });

  it("imports the largest file allowed (2,000 contacts) in one transaction", async () => {
    const pst = await as(["PST_MEMBER"]);
    const t = tag();
    // 400 organisations of 5 contacts; one key for all keeps the test fast (the check runs per organisation).
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const org = Math.floor(i / 5);
      return [
        `Big ${org} ${t}`,
        "pkg",
        `sec@big${org}-${t}.example`,
        "no",
        `P ${i}`,
        `p${i}@big-${t}.example`,
        i % 5 === 0 ? keyA : "",
      ];
    });
    const before = await counts();
    const started = Date.now();
    expect(await pst.distributorList.import({ csv: csvOf(rows) })).toEqual({
      organizationCount: 400,
      accountCount: 2000,
    });
    expect(Date.now() - started).toBeLessThan(60_000);
    const after = await counts();
    expect(after.users - before.users).toBe(2000);
    expect(after.outbox - before.outbox).toBe(2000);
    expect(after.audit - before.audit).toBe(2400);
  }, 120_000);

  it("refuses the same file twice (the organisations are on the list by then)", async () => {
    const pst = await as(["PST_MEMBER"]);
    const { csv } = list();
    await pst.distributorList.import({ csv });
    const before = await counts();
    expect((await errorOf(pst.distributorList.import({ csv }))).message).toMatch(
      /problems; nothing was imported/,
    );
    const preview = await pst.distributorList.previewImport({ csv });
    expect(preview.problems.filter((p) => /already on the list/.test(p.message))).toHaveLength(2);
    expect(await counts()).toEqual(before);
  });
});

describe("distributorList.remove", () => {
  it("ends every member's access on their next call, records why, and emails the security contact", async () => {
    const pst = await as(["PST_MEMBER"]);
    const { csv, orgA, t } = list();
    await pst.distributorList.import({ csv });
    const alpha = await db.distributorOrganization.findFirstOrThrow({ where: { name: orgA } });
    const anaSession = await sessionFor(db, `ana@alpha-${t}.example`, { now });
    // Each call is a request of its own: its context reads the session (and membership) afresh.
    const asAna = () => adminCallerAs(db, anaSession, { now });
    // A member sees their own organisation…
    expect((await (await asAna()).distributorList.get({ organizationId: alpha.id })).members).toHaveLength(2);

    const reason = "No release of the project's packages in the last two years.";
    const removed = await pst.distributorList.remove({ organizationId: alpha.id, reason });
    expect(removed).toMatchObject({ status: "removed", removedReason: reason, memberCount: 0 });
    expect(await db.distributorMembership.findMany({ where: { organizationId: alpha.id } })).toEqual([
      expect.objectContaining({ status: "removed" }),
      expect.objectContaining({ status: "removed" }),
    ]);
    // …and, with the same session, not on the next request.
    expect((await errorOf((await asAna()).distributorList.get({ organizationId: alpha.id }))).code).toBe(
      "NOT_FOUND",
    );

    const email = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: `security@alpha-${t}.example` },
    });
    expect(email.subject).toBe(`${orgA} has been removed from the private distributors list`);
    expect(email.textBody).toContain(reason);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "organization.removed", subjectId: alpha.id },
    });
    expect(event.data).toMatchObject({ reason, previousStatus: "active" });

    // Nobody joins a removed organisation: an admin's invitation is refused.
    const admin = await as(["ADMIN"]);
    const invite = await errorOf(
      admin.users.invite({
        email: `late-${t}@alpha.example`,
        name: "Late",
        roles: ["DISTRIBUTOR_MEMBER"],
        organizationId: alpha.id,
      }),
    );
    expect(invite).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/was removed/) });
    const choices = (await admin.users.organizations.list()).organizations;
    expect(choices.map((o) => o.id)).not.toContain(alpha.id);
    expect((await admin.distributorList.list()).organizations.at(-1)).toMatchObject({ status: "removed" });

    // Removing again is a conflict, not a second email.
    const outbox = await db.outboxMessage.count();
    expect((await errorOf(pst.distributorList.remove({ organizationId: alpha.id, reason }))).code).toBe(
      "CONFLICT",
    );
    expect(await db.outboxMessage.count()).toBe(outbox);
  });

  it.each([
    ["no reason", { reason: "" }, /reason/],
    ["a too short reason", { reason: "bye" }, /at least 10/],
    ["an overlong reason", { reason: "x".repeat(2001) }, /at most 2,000/],
    ["a bidi override", { reason: "Criteria lapsed \u202e reversed" }, /control/],
    ["an id that is not a uuid", { organizationId: "'; DROP TABLE users; --" }, /Choose an organisation/],
  ])("refuses %s with a clear message", async (_label, change, message) => {
    const pst = await as(["PST_MEMBER"]);
    const organization = await db.distributorOrganization.create({ data: { name: `Kappa ${tag()}` } });
    const error = await errorOf(
      pst.distributorList.remove({
        organizationId: organization.id,
        reason: "Criteria lapsed long ago.",
        ...change,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(
      (await db.distributorOrganization.findUniqueOrThrow({ where: { id: organization.id } })).status,
    ).toBe("active");
  });

  it("answers NOT_FOUND for an organisation that does not exist, and refuses a distributor", async () => {
    const pst = await as(["PST_MEMBER"]);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(
      (await errorOf(pst.distributorList.remove({ organizationId: missing, reason: "Criteria lapsed." })))
        .code,
    ).toBe("NOT_FOUND");
    const organization = await db.distributorOrganization.create({ data: { name: `Lambda ${tag()}` } });
    const distributor = await as(["DISTRIBUTOR_MEMBER"]);
    await db.distributorMembership.create({
      data: {
        userId: (await db.user.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).id,
        organizationId: organization.id,
      },
    });
    expect(
      (
        await errorOf(
          distributor.distributorList.remove({ organizationId: organization.id, reason: "I remove us." }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
