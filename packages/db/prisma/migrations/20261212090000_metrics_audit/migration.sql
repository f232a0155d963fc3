-- Metrics and audit (issue 15): how often a case's fix was re-opened, the case events no other row records ("exploit public", "attacks observed": who
-- recorded them, when, the source), when a case became public, the PST's opt-in public record of aggregate
-- figures (one snapshot per UTC day), and the audit chain's verifications (scheduled and on request).

-- AlterTable
ALTER TABLE "cases" ADD COLUMN "public_since" TIMESTAMPTZ(3),
    ADD COLUMN "fix_reopens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "settings" ADD COLUMN "public_metrics" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "case_events" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "recorded_by_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "public_metrics_snapshots" (
    "day" DATE NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,

    CONSTRAINT "public_metrics_snapshots_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "audit_verifications" (
    "id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "events" INTEGER NOT NULL,
    "failed_seq" BIGINT,
    "reason" TEXT,
    "head_seq" BIGINT,
    "head_hash" TEXT,
    "trigger" TEXT NOT NULL,
    "checked_by_id" TEXT,
    "alerted_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_events_case_id_idx" ON "case_events"("case_id");
CREATE INDEX "audit_verifications_checked_at_idx" ON "audit_verifications"("checked_at");

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "audit_verifications" ADD CONSTRAINT "audit_verifications_checked_by_id_fkey" FOREIGN KEY ("checked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values and bounds.
ALTER TABLE "case_events"
    ADD CONSTRAINT "case_events_kind_check" CHECK ("kind" IN ('exploit-public', 'attacks-observed')),
    ADD CONSTRAINT "case_events_source_check" CHECK (char_length("source") BETWEEN 1 AND 500);
ALTER TABLE "audit_verifications"
    ADD CONSTRAINT "audit_verifications_trigger_check" CHECK ("trigger" IN ('scheduled', 'manual', 'command')),
    ADD CONSTRAINT "audit_verifications_reason_check" CHECK (char_length(coalesce("reason", '')) <= 2000);

-- A case public from its report on (the report said so) became public when it arrived; one made public later by
-- the fact's change has no better time than its case's opening.
UPDATE "cases" c SET "public_since" = CASE WHEN r."already_public" THEN r."received_at" ELSE c."opened_at" END
FROM "reports" r WHERE r."id" = c."id" AND c."already_public";

-- Fixes re-opened so far, from the log (the metrics read the count, not the log).
UPDATE "cases" c SET "fix_reopens" = n.count
FROM (SELECT "subject_id", count(*)::int AS count FROM "audit_events" WHERE "action" = 'case.reopen-fix' GROUP BY "subject_id") n
WHERE n."subject_id" = c."id"::text;

-- The app role: events and verifications are written once (a verification's alert time is set once it is sent);
-- the day's snapshot is replaced when computed again, and every snapshot goes when the record is switched.
GRANT SELECT, INSERT ON "case_events" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "audit_verifications" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON "public_metrics_snapshots" TO "disclose_app";
