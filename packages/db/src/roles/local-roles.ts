import pg from "pg";
import { APP_ROLE } from "./app-role";

/** Owns every table and runs the migrations, on the embedded and test servers. */
export const OWNER_ROLE = "disclose_owner";

// Local-only credentials, like the embedded superuser's: these servers listen on localhost and hold development
// or test data. A server of your own gets roles and passwords of its own (README, "Running with your own
// PostgreSQL").
const LOCAL_PASSWORDS: Record<string, string> = {
  [OWNER_ROLE]: "disclose_owner",
  [APP_ROLE]: "disclose_app",
};

// Serialises role creation on a server that several test runs (one per package) set up at the same time.
const ROLES_LOCK_KEY = 0x726f6c6573n; // "roles"

/** `url` with the credentials of a local role and, if given, another database. */
export function localRoleUrl(
  url: string,
  role: typeof OWNER_ROLE | typeof APP_ROLE,
  database?: string,
): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = LOCAL_PASSWORDS[role] ?? "";
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates (or resets) the owner and app login roles on a local server, connecting as a superuser. Neither is a
 * superuser, creates roles or databases, replicates or bypasses row security; the app role is a member of no
 * role (one made a member of the owner by hand would inherit its rights).
 */
export async function ensureLocalRoles(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [ROLES_LOCK_KEY.toString()]);
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(LOCAL_PASSWORDS[role] ?? "")}`;
      await client.query(
        `${exists.rowCount ? "ALTER" : "CREATE"} ROLE ${client.escapeIdentifier(role)} WITH ${attributes}`,
      );
    }
    const memberships = await client.query<{ sql: string }>(
      `SELECT format('REVOKE %I FROM %I', b.rolname, m.rolname) AS sql
         FROM pg_auth_members am JOIN pg_roles b ON b.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
        WHERE m.rolname = $1`,
      [APP_ROLE],
    );
    for (const { sql } of memberships.rows) await client.query(sql);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Makes a local database the owner role's, connecting as a superuser: the database and everything in `public`
 * and `graphile_worker` (a data dir made before these roles existed has all of it owned by the superuser),
 * CONNECT for the app role and nothing for PUBLIC (no temporary objects either). Idempotent.
 */
export async function prepareLocalDatabase(superuserUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const db = client.escapeIdentifier(database);
    const owner = client.escapeIdentifier(OWNER_ROLE);
    await client.query(`ALTER DATABASE ${db} OWNER TO ${owner}`);
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${client.escapeIdentifier(APP_ROLE)}`);
  } finally {
    await client.end();
  }
  await adoptObjects(localSuperuserUrlFor(superuserUrl, database));
}

function localSuperuserUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adoptObjects(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Tables first: the sequences and indexes they own follow them (and refuse to move on their own).
    const statements = await client.query<{ sql: string }>(
      `WITH owner AS (SELECT oid FROM pg_roles WHERE rolname = $1),
            schemas AS (SELECT oid, nspname FROM pg_namespace WHERE nspname IN ('public', 'graphile_worker'))
       SELECT format('ALTER SCHEMA %I OWNER TO %I', s.nspname, $1) AS sql, 0 AS step
         FROM schemas s JOIN pg_namespace n ON n.oid = s.oid
        WHERE s.nspname <> 'public' AND n.nspowner <> (SELECT oid FROM owner)
       UNION ALL
       SELECT format('ALTER %s %s OWNER TO %I',
                     CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                     c.oid::regclass, $1), 1
         FROM pg_class c
        WHERE c.relnamespace IN (SELECT oid FROM schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> (SELECT oid FROM owner)
       UNION ALL
       SELECT format('ALTER SEQUENCE %s OWNER TO %I', c.oid::regclass, $1), 2
         FROM pg_class c
        WHERE c.relnamespace IN (SELECT oid FROM schemas) AND c.relkind = 'S'
          AND c.relowner <> (SELECT oid FROM owner)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
       UNION ALL
       SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1), 3
         FROM pg_proc p
        WHERE p.pronamespace IN (SELECT oid FROM schemas) AND p.proowner <> (SELECT oid FROM owner)
       UNION ALL
       SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $1), 4
         FROM pg_type t
        WHERE t.typnamespace IN (SELECT oid FROM schemas) AND t.typowner <> (SELECT oid FROM owner)
          AND (t.typtype IN ('e', 'd', 'r')
               OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
       ORDER BY step`,
      [OWNER_ROLE],
    );
    for (const { sql } of statements.rows) await client.query(sql);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Why a database URL is unfit for the apps, or undefined when it is fit: a superuser can switch the audit log's
 * triggers off, and the tables' owner can drop them.
 */
export async function checkAppConnection(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ user: string; superuser: boolean; owner: boolean }>(
      `SELECT current_user AS user,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              coalesce(pg_has_role(current_user, (SELECT relowner FROM pg_class
                                                   WHERE oid = to_regclass('public.audit_events')), 'USAGE'),
                       false) AS owner`,
    );
    const row = rows[0];
    if (row?.superuser) return `it connects as ${row.user}, a superuser`;
    if (row?.owner) return `it connects as ${row.user}, which owns the tables`;
    return undefined;
  } finally {
    await client.end();
  }
}
