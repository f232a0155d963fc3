// What the apps' role (APP_ROLE, the apps' DATABASE_URL) may and may not do. The owner of the tables could drop the
// audit log's triggers and a superuser could switch them off; the app role must be able to do neither, nor anything
// else that changes, removes or re-orders an audit row, while the normal work still succeeds.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, verifyAuditChain } from "../audit/audit-chain";
import { createDb, type Db, sqlQuery, withSqlTransaction } from "../client";
import { createTestDatabase, type TestDatabase } from "../testing";
import { withClient } from "../testing/shared";
import { APP_ROLE } from "./app-role";
import { OWNER_ROLE } from "./local-roles";

let t: TestDatabase;
let app: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.appUrl);
  for (let n = 1; n <= 3; n++) {
    await app.$transaction((tx) =>
      appendAuditEvent(tx, { actorKind: "system", action: "seeded", subjectType: "test", data: { n } }),
    );
  }
});
afterAll(async () => {
  await app?.$disconnect();
  await t?.drop();
});

/** Runs `sql` (one or more statements) on a fresh connection as the app role. */
const asApp = (sql: string) => withClient(t.appUrl, (client) => client.query(sql));

async function auditSnapshot() {
  return withClient(t.url, async (admin) => ({
    events: (await admin.query("SELECT * FROM audit_events ORDER BY seq")).rows,
    head: (await admin.query("SELECT * FROM audit_head")).rows,
  }));
}

const FORGED_HASH = "f".repeat(64);

describe("the app role cannot alter, remove or re-order audit events", () => {
  it.each([
    ["UPDATE a row", "UPDATE audit_events SET action = 'forged' WHERE seq = 2"],
    ["re-order rows", "UPDATE audit_events SET seq = seq + 100"],
    ["DELETE a row", "DELETE FROM audit_events WHERE seq = 2"],
    ["DELETE the last row", "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)"],
    ["TRUNCATE", "TRUNCATE audit_events"],
    ["TRUNCATE … CASCADE", "TRUNCATE audit_events, audit_head CASCADE"],
    ["switch triggers off for the session", "SET session_replication_role = replica"],
    ["… then UPDATE", "SET session_replication_role = replica; UPDATE audit_events SET action = 'x'"],
    ["… then DELETE", "SET session_replication_role = replica; DELETE FROM audit_events"],
    [
      "switch triggers off for a transaction",
      "BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_events; COMMIT",
    ],
    [
      "switch triggers off through set_config",
      "SELECT set_config('session_replication_role', 'replica', false)",
    ],
    [
      "switch triggers off for every session",
      `ALTER ROLE ${APP_ROLE} SET session_replication_role = replica`,
    ],
    [
      "disable the refusing trigger",
      "ALTER TABLE audit_events DISABLE TRIGGER audit_events_refuse_update_delete",
    ],
    ["disable every trigger", "ALTER TABLE audit_events DISABLE TRIGGER ALL"],
    [
      "disable the chain's head trigger",
      "ALTER TABLE audit_events DISABLE TRIGGER audit_events_advance_head",
    ],
    ["drop the refusing trigger", "DROP TRIGGER audit_events_refuse_update_delete ON audit_events"],
    ["drop the truncate trigger", "DROP TRIGGER audit_events_refuse_truncate ON audit_events"],
    ["drop the head's guard", "DROP TRIGGER audit_head_guard ON audit_head"],
    [
      "replace the refusing function",
      "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
    ],
    ["drop the refusing function", "DROP FUNCTION audit_refuse_change() CASCADE"],
    [
      "add a trigger of its own",
      "CREATE TRIGGER mine BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_head_guard()",
    ],
    ["add a column", "ALTER TABLE audit_events ADD COLUMN note text"],
    ["drop a column", "ALTER TABLE audit_events DROP COLUMN data"],
    ["rename the table", "ALTER TABLE audit_events RENAME TO audit_events_old"],
    ["take the table over", `ALTER TABLE audit_events OWNER TO ${APP_ROLE}`],
    ["drop the table", "DROP TABLE audit_events CASCADE"],
    ["lock the table", "BEGIN; LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE; COMMIT"],
    [
      "insert a row with a forged seq, prev_hash and hash",
      `INSERT INTO audit_events (seq, actor_kind, action, subject_type, prev_hash, hash)
       SELECT seq + 1, 'system', 'forged', 'test', hash, '${FORGED_HASH}' FROM audit_head`,
    ],
    [
      "insert a row that only names its content",
      "INSERT INTO audit_events (actor_kind, action, subject_type, prev_hash, hash) VALUES ('s', 'a', 't', '', '')",
    ],
    ["move the chain's head", `UPDATE audit_head SET hash = '${FORGED_HASH}'`],
    ["write a head of its own", `INSERT INTO audit_head (id, seq, hash) VALUES (2, 1, '${FORGED_HASH}')`],
    ["delete the head", "DELETE FROM audit_head"],
    ["rewind the sequence", "SELECT setval('audit_events_seq_seq', 1)"],
    ["take sequence numbers", "SELECT nextval('audit_events_seq_seq')"],
    ["make audit_append run as the caller", "ALTER FUNCTION audit_append SECURITY INVOKER"],
    ["become the owner", `SET ROLE ${OWNER_ROLE}`],
    ["become a superuser", "SET ROLE postgres"],
    ["join the owner role", `GRANT ${OWNER_ROLE} TO ${APP_ROLE}`],
    ["make itself a superuser", `ALTER ROLE ${APP_ROLE} SUPERUSER`],
    ["create a table in public", "CREATE TABLE public.mine (id int)"],
    ["create a function in public", "CREATE FUNCTION public.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'"],
    ["create a schema", "CREATE SCHEMA mine"],
    [
      "create a temporary table to shadow the head",
      "CREATE TEMP TABLE audit_head (id int, seq bigint, hash text)",
    ],
  ])("refuses: %s", async (_what, sql) => {
    const before = await auditSnapshot();
    await expect(asApp(sql)).rejects.toMatchObject({ code: "42501" }); // insufficient_privilege
    expect(await auditSnapshot()).toEqual(before);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true, count: before.events.length });
  });

  it("appends only through audit_append(), which chooses seq, prev_hash and hash itself", async () => {
    const { head } = await auditSnapshot();
    // audit_append takes no seq, prev_hash or hash: content that does not match the row's columns is stored as
    // hashed, and the chain check names it.
    const [row] = await sqlQuery<{ seq: string; hash: string }>(
      app,
      `SELECT seq::text, hash FROM audit_append(1, '{"forged":', '}', now(), null, 'system', 'claimed', 'test', null, '{}')`,
    );
    expect(BigInt(row!.seq)).toBe(BigInt(head[0].seq) + 1n);
    const expected = createHash("sha256").update(`${head[0].hash}{"forged":"${row!.seq}"}`).digest("hex");
    expect(row!.hash).toBe(expected);
    expect(await verifyAuditChain(app)).toMatchObject({
      ok: false,
      seq: BigInt(row!.seq),
      reason: "hash does not match the event's content: the event was changed or forged",
    });
    // Nor can it be taken back: the same refusals hold for it.
    await expect(asApp(`DELETE FROM audit_events WHERE seq = ${row!.seq}`)).rejects.toMatchObject({
      code: "42501",
    });
  });
});

describe("the app role's normal work", () => {
  it("appends audit events through Prisma and plain-SQL transactions, and verifies the chain", async () => {
    const fresh = await createTestDatabase();
    const db = createDb(fresh.appUrl);
    try {
      await db.$transaction((tx) =>
        appendAuditEvent(tx, { actorKind: "user", action: "a", subjectType: "x" }),
      );
      await withSqlTransaction(db, (sql) =>
        appendAuditEvent(sql, { actorKind: "user", action: "b", subjectType: "x", data: { n: 1 } }),
      );
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
      expect(await db.auditHead.findUnique({ where: { id: 1 } })).toMatchObject({ seq: 2n });
    } finally {
      await db.$disconnect();
      await fresh.drop();
    }
  });

  it("writes a report, its rate-limit counter and a Fix Lead assignment (a sequence)", async () => {
    const report = await app.report.create({
      data: {
        ciphertext: "-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----",
        encryption: "browser",
        recipientFingerprints: ["a".repeat(40)],
        trackingSecretHash: "0".repeat(64),
        reporterPublicKey: "key",
        reporterLockedPrivateKey: "locked",
      },
    });
    await app.report.update({ where: { id: report.id }, data: { state: "triage" } });
    await app.rateLimit.upsert({
      where: { key: "client:1" },
      create: { key: "client:1", windowEnd: new Date(Date.now() + 60_000), points: 1 },
      update: { points: { increment: 1 } },
    });
    const user = await app.user.create({ data: { email: "lead@example.org" } });
    await app.fixLeadAssignment.create({
      data: { reportId: report.id, memberId: user.id, at: new Date(), reason: "rotation" },
    });
    expect(await app.fixLeadAssignment.count()).toBe(1);
    await app.report.delete({ where: { id: report.id } });
  });
});

describe("the grants", () => {
  const ALL = "SELECT, INSERT, UPDATE, DELETE";
  // Every relation in public and what the app role may do with it. A table missing here fails the test: grant
  // the app what it needs in the migration that creates the table (see 20261201090000_app_role) and list it.
  const TABLES: Record<string, string> = {
    _prisma_migrations: "SELECT",
    account_recoveries: "SELECT, INSERT, UPDATE",
    account_recovery_approvals: "SELECT, INSERT",
    accounts: ALL,
    advisories: "SELECT, INSERT, UPDATE",
    advisory_comments: "SELECT, INSERT",
    advisory_documents: "SELECT, INSERT, DELETE",
    advisory_draft_copies: "SELECT, INSERT, DELETE",
    advisory_drafts: "SELECT, INSERT",
    advisory_id_counters: "SELECT, INSERT, UPDATE",
    advisory_revisions: "SELECT, INSERT",
    announcement_subscribers: "SELECT, INSERT, UPDATE",
    announcements: "SELECT, INSERT",
    audit_events: "SELECT",
    audit_head: "SELECT",
    audit_verifications: "SELECT, INSERT, UPDATE",
    case_distributor_disclosures: "SELECT, INSERT, UPDATE",
    case_events: "SELECT, INSERT",
    case_members: ALL,
    case_notes: "SELECT, INSERT",
    cases: "SELECT, INSERT, UPDATE",
    commit_lgtms: "SELECT, INSERT, DELETE",
    cve_requests: "SELECT, INSERT, UPDATE",
    distributor_applications: "SELECT, INSERT, UPDATE",
    distributor_copies: "SELECT, INSERT, DELETE",
    distributor_copy_downloads: "SELECT, INSERT",
    distributor_feedback: "SELECT, INSERT",
    distributor_leaks: "SELECT, INSERT, UPDATE",
    distributor_memberships: ALL,
    distributor_notifications: "SELECT, INSERT, UPDATE, DELETE",
    distributor_organizations: ALL,
    distributor_vouches: "SELECT, INSERT, UPDATE",
    fix_commits: ALL,
    fix_lead_assignments: ALL,
    key_packets: ALL,
    mail_intake_messages: "SELECT, INSERT, UPDATE",
    mail_intake_status: "SELECT, INSERT, UPDATE",
    report_reply_tokens: "SELECT, INSERT, DELETE",
    outbox_attachments: "SELECT, INSERT, DELETE",
    team_key_packets: "SELECT, INSERT, DELETE",
    team_keys: "SELECT, INSERT, UPDATE",
    outbox_messages: ALL,
    passkey_credentials: ALL,
    patch_versions: "SELECT, INSERT",
    patches: "SELECT, INSERT",
    pgp_keys: ALL,
    public_metrics_snapshots: ALL,
    rate_limits: ALL,
    recovery_codes: ALL,
    release_branches: ALL,
    report_credits: "SELECT, INSERT, UPDATE",
    report_attachments: ALL,
    report_messages: ALL,
    report_outbox_messages: "SELECT, INSERT, DELETE",
    report_reads: ALL,
    reports: ALL,
    sent_alerts: "SELECT, INSERT",
    sessions: ALL,
    settings: ALL,
    signing_keys: "SELECT, INSERT, UPDATE",
    team_messages: "SELECT, INSERT",
    test_clock: "SELECT, INSERT, UPDATE",
    timeline_decisions: "SELECT, INSERT",
    totp_credentials: ALL,
    user_roles: ALL,
    users: ALL,
    verification_tokens: ALL,
    vulnerabilities: ALL,
    webauthn_challenges: "SELECT, INSERT, DELETE",
  };
  const SEQUENCES: Record<string, string> = {
    audit_events_seq_seq: "",
    fix_lead_assignments_seq_seq: "USAGE",
  };

  const admin = <R>(sql: string, params: unknown[] = []) =>
    withClient(t.url, async (c) => (await c.query(sql, params)).rows as R[]);

  it("give the app role exactly the listed privileges on every table and sequence", async () => {
    const tables = await admin<{ name: string; privileges: string }>(
      `SELECT c.relname AS name,
              array_to_string(ARRAY(
                SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                                           'TRIGGER', 'MAINTAIN']) AS p
                 WHERE has_table_privilege($1, c.oid, p)), ', ') AS privileges
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY 1`,
      [APP_ROLE],
    );
    expect(Object.fromEntries(tables.map((r) => [r.name, r.privileges]))).toEqual(TABLES);
    const sequences = await admin<{ name: string; privileges: string }>(
      `SELECT c.relname AS name,
              array_to_string(ARRAY(SELECT p FROM unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) AS p
                                     WHERE has_sequence_privilege($1, c.oid, p)), ', ') AS privileges
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' ORDER BY 1`,
      [APP_ROLE],
    );
    expect(Object.fromEntries(sequences.map((r) => [r.name, r.privileges]))).toEqual(SEQUENCES);
  });

  it("let the app role execute audit_append only, the one function that runs as its owner", async () => {
    const functions = await admin<{ name: string; executable: boolean; definer: boolean; config: string[] }>(
      `SELECT p.proname AS name, has_function_privilege($1, p.oid, 'EXECUTE') AS executable,
              p.prosecdef AS definer, p.proconfig AS config
         FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`,
      [APP_ROLE],
    );
    expect(functions.filter((f) => f.executable).map((f) => f.name)).toEqual(["audit_append"]);
    expect(functions.filter((f) => f.definer)).toEqual([
      {
        name: "audit_append",
        executable: true,
        definer: true,
        config: ["search_path=pg_catalog, public, pg_temp"],
      },
    ]);
  });

  it("leave the app role a plain login that owns nothing, belongs to no role and creates nothing", async () => {
    const [role] = await admin<Record<string, boolean>>(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin,
              EXISTS (SELECT 1 FROM pg_auth_members WHERE member = r.oid) AS member_of_a_role,
              has_database_privilege(r.oid, current_database(), 'CREATE') AS create_schema,
              has_database_privilege(r.oid, current_database(), 'TEMPORARY') AS temporary,
              has_schema_privilege(r.oid, 'public', 'CREATE') AS create_in_public,
              EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid)
                OR EXISTS (SELECT 1 FROM pg_proc WHERE proowner = r.oid)
                OR EXISTS (SELECT 1 FROM pg_type WHERE typowner = r.oid)
                OR EXISTS (SELECT 1 FROM pg_namespace WHERE nspowner = r.oid)
                OR EXISTS (SELECT 1 FROM pg_database WHERE datdba = r.oid) AS owns_something
         FROM pg_roles r WHERE r.rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      rolcanlogin: true,
      member_of_a_role: false,
      create_schema: false,
      temporary: false,
      create_in_public: false,
      owns_something: false,
    });
  });

  it("leave every table to the owner role, which is no superuser either", async () => {
    const owners = await admin<{ owner: string; superuser: boolean }>(
      `SELECT DISTINCT r.rolname AS owner, r.rolsuper AS superuser
         FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
        WHERE c.relnamespace = 'public'::regnamespace`,
    );
    expect(owners).toEqual([{ owner: OWNER_ROLE, superuser: false }]);
  });
});
