-- Beyond schema.prisma: the apps and the outbox worker use the privileges of the role "disclose_app" (they log in
-- as it, or as a login role that is a member of it), never those of the tables' owner, which runs migrations. The
-- owner could drop the audit log's triggers and a superuser could switch them off (session_replication_role); the
-- app role can only read the audit log and append to it through audit_append().
--
-- A migration holds no password, so the login roles come from outside: the embedded and test servers create
-- them, an operator creates them once (README, "Running with your own PostgreSQL"). When the role is missing and
-- the migrating role may create roles, it is created here without a login, so a single-URL setup keeps working.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'disclose_app') THEN
        CREATE ROLE "disclose_app" NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object THEN NULL; -- created meanwhile by a migration of another database on this server
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the role disclose_app does not exist, and % may not create it. As an administrator of '
                        'this server, run CREATE ROLE disclose_app LOGIN PASSWORD ''…''; and give the apps that '
                        'role in DATABASE_URL (README, "Running with your own PostgreSQL")', current_user
            USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Grants are explicit, per table, in the migration that creates the table, rather than ALTER DEFAULT PRIVILEGES:
-- default privileges apply only to objects made by the role named when they were set, so tables made by a
-- migration that someone applies as another role (a superuser, a managed server's admin) would silently lack
-- them; and they would hand full read-write to every future table, where an append-only one needs less.
-- roles.integration.test.ts compares every table's, sequence's and function's privileges with its list, so a new
-- table without grants (or with more than listed) fails the tests, not production.

-- Nobody but the owner creates objects in public (PostgreSQL 15+ already withholds CREATE from PUBLIC; a cluster
-- upgraded from an older version may not). PUBLIC keeps USAGE, which the app role needs.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT SELECT, INSERT, UPDATE, DELETE ON
    "users", "accounts", "sessions", "verification_tokens", "user_roles", "totp_credentials", "recovery_codes",
    "outbox_messages", "pgp_keys", "reports", "report_attachments", "report_messages", "key_packets",
    "report_reads", "rate_limits", "case_members", "fix_lead_assignments", "distributor_organizations",
    "distributor_memberships", "settings"
    TO "disclose_app";
GRANT USAGE ON SEQUENCE "fix_lead_assignments_seq_seq" TO "disclose_app";

-- The audit log: read only. Appends go through audit_append(), which runs as its owner (SECURITY DEFINER) and
-- computes seq, prev_hash and hash itself, so the app can neither write a row of its own choosing nor move
-- audit_head (which the insert trigger moves, as the same owner). search_path is pinned so that no object of the
-- caller's (a temporary table named audit_head) can stand in for the real ones.
GRANT SELECT ON "audit_events", "audit_head" TO "disclose_app";
ALTER FUNCTION "audit_append"(BIGINT, TEXT, TEXT, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, TEXT, JSONB)
    SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp;
-- Functions are executable by PUBLIC by default; the trigger functions need no EXECUTE to fire.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "audit_append"(BIGINT, TEXT, TEXT, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, TEXT, JSONB)
    TO "disclose_app";
