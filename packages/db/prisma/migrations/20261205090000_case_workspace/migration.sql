-- Cases apart from reports (issue 12). A case is made when its first report is accepted and keeps that report's
-- id, so links, grants (key_packets.report_id) and the Fix Team (case_members.report_id) keep naming it. A
-- duplicate report attaches to its original's case through reports.case_id.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "digest_only" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "reports" ADD COLUMN "case_id" UUID;

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "already_public" BOOLEAN NOT NULL DEFAULT false,
    "remotely_exploitable" BOOLEAN NOT NULL DEFAULT false,
    "privilege_escalation" BOOLEAN NOT NULL DEFAULT false,
    "mitigation_available" BOOLEAN NOT NULL DEFAULT false,
    "distributor_disclosure_skipped" BOOLEAN NOT NULL DEFAULT false,
    "mitigation_available_at" TIMESTAMPTZ(3),
    "fix_team_formed_at" TIMESTAMPTZ(3),
    "cvss_scored_at" TIMESTAMPTZ(3),
    "fix_developed_at" TIMESTAMPTZ(3),
    "repository_url" TEXT,
    "notice_published_at" TIMESTAMPTZ(3),
    "notice_url" TEXT,
    "expected_release_at" TIMESTAMPTZ(3),
    "disclosure_at" TIMESTAMPTZ(3),
    "disclosure_override_reason" TEXT,
    "distributors_notified_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),
    "retrospective_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vulnerabilities" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "cve_id" TEXT,
    "cwe_id" TEXT,
    "cvss_vector" TEXT,
    "cvss_scored_by_id" TEXT,
    "cvss_scored_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vulnerabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_decisions" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "decided_by_id" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "discussed_at" TEXT,
    "upstream_project" TEXT,
    "upstream_url" TEXT,
    "new_due_dates" JSONB NOT NULL,

    CONSTRAINT "timeline_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release_branches" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "release_version" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_branches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fix_commits" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "sha" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "title_ciphertext" TEXT NOT NULL,
    "url" TEXT,
    "added_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fix_commits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commit_lgtms" (
    "commit_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "commit_lgtms_pkey" PRIMARY KEY ("commit_id","user_id")
);

-- CreateTable
CREATE TABLE "patches" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "patch_versions" (
    "id" UUID NOT NULL,
    "patch_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "uploaded_by_id" TEXT,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "patch_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_notes" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "topic" TEXT NOT NULL DEFAULT 'workspace',
    "author_user_id" TEXT,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sent_alerts" (
    "key" TEXT NOT NULL,
    "case_id" UUID,
    "user_id" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sent_alerts_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "test_clock" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "offset_ms" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "test_clock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_case_id_idx" ON "reports"("case_id");
CREATE UNIQUE INDEX "vulnerabilities_cve_id_key" ON "vulnerabilities"("cve_id");
CREATE UNIQUE INDEX "vulnerabilities_case_id_position_key" ON "vulnerabilities"("case_id", "position");
CREATE INDEX "timeline_decisions_case_id_decided_at_idx" ON "timeline_decisions"("case_id", "decided_at");
CREATE UNIQUE INDEX "release_branches_case_id_name_key" ON "release_branches"("case_id", "name");
CREATE INDEX "fix_commits_case_id_created_at_idx" ON "fix_commits"("case_id", "created_at");
CREATE UNIQUE INDEX "fix_commits_branch_id_sha_key" ON "fix_commits"("branch_id", "sha");
CREATE UNIQUE INDEX "patches_branch_id_key" ON "patches"("branch_id");
CREATE INDEX "patches_case_id_idx" ON "patches"("case_id");
CREATE UNIQUE INDEX "patch_versions_patch_id_version_key" ON "patch_versions"("patch_id", "version");
CREATE INDEX "patch_versions_case_id_idx" ON "patch_versions"("case_id");
CREATE INDEX "case_notes_case_id_created_at_idx" ON "case_notes"("case_id", "created_at");
CREATE INDEX "sent_alerts_case_id_idx" ON "sent_alerts"("case_id");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "cases" ADD CONSTRAINT "cases_id_fkey" FOREIGN KEY ("id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "vulnerabilities" ADD CONSTRAINT "vulnerabilities_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "timeline_decisions" ADD CONSTRAINT "timeline_decisions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "release_branches" ADD CONSTRAINT "release_branches_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fix_commits" ADD CONSTRAINT "fix_commits_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fix_commits" ADD CONSTRAINT "fix_commits_branch_id_fkey" FOREIGN KEY ("branch_id") REFERENCES "release_branches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fix_commits" ADD CONSTRAINT "fix_commits_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "commit_lgtms" ADD CONSTRAINT "commit_lgtms_commit_id_fkey" FOREIGN KEY ("commit_id") REFERENCES "fix_commits"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "commit_lgtms" ADD CONSTRAINT "commit_lgtms_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "patches" ADD CONSTRAINT "patches_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "patches" ADD CONSTRAINT "patches_branch_id_fkey" FOREIGN KEY ("branch_id") REFERENCES "release_branches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "patch_versions" ADD CONSTRAINT "patch_versions_patch_id_fkey" FOREIGN KEY ("patch_id") REFERENCES "patches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: the closed vocabularies and sizes the API also checks.
ALTER TABLE "timeline_decisions" ADD CONSTRAINT "timeline_decisions_kind_check"
  CHECK ("kind" IN ('slow-down', 'upstream-dependency'));
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_topic_check" CHECK ("topic" IN ('workspace', 'retrospective'));
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_ciphertext_size_check"
  CHECK (octet_length("ciphertext") BETWEEN 1 AND 262144);
ALTER TABLE "fix_commits" ADD CONSTRAINT "fix_commits_sha_check" CHECK ("sha" ~ '^[0-9a-f]{7,64}$');
ALTER TABLE "fix_commits" ADD CONSTRAINT "fix_commits_title_size_check"
  CHECK (octet_length("title_ciphertext") BETWEEN 1 AND 65536);
ALTER TABLE "patch_versions" ADD CONSTRAINT "patch_versions_size_check" CHECK ("size" BETWEEN 1 AND 10485760);
ALTER TABLE "test_clock" ADD CONSTRAINT "test_clock_single_row" CHECK ("id" = 1);
ALTER TABLE "key_packets" DROP CONSTRAINT "key_packets_item_kind_check";
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_item_kind_check"
  CHECK ("item_kind" IN ('report', 'summary', 'attachment', 'reporter-message', 'team-message', 'note', 'patch', 'fix-commit'));

-- Existing data: every report accepted before this migration becomes its own case, with the reporter's "already
-- public" and its CVE (as the case's first vulnerability); a duplicate joins its original's case.
INSERT INTO "cases" ("id", "opened_at", "already_public", "expected_release_at")
  SELECT r."id", COALESCE(r."decided_at", r."received_at"), r."already_public", r."expected_release_at"
    FROM "reports" r
   WHERE r."state" IN ('accepted', 'fix-in-progress', 'fix-ready', 'distributors-notified', 'released', 'closed');
UPDATE "reports" SET "case_id" = "id" WHERE "id" IN (SELECT "id" FROM "cases");
UPDATE "reports" d SET "case_id" = o."case_id"
  FROM "reports" o WHERE d."duplicate_of_id" = o."id" AND o."case_id" IS NOT NULL;
INSERT INTO "vulnerabilities" ("id", "case_id", "position", "cve_id")
  SELECT gen_random_uuid(), c."id", 1, r."cve_id" FROM "cases" c JOIN "reports" r ON r."id" = c."id";
ALTER TABLE "reports" DROP COLUMN "cve_id";
ALTER TABLE "reports" DROP COLUMN "expected_release_at";

-- The app role: cases and their workspace are read and changed; decisions, LGTMs, patch versions and notes are
-- records (written once; a patch's replacement is a new version). sent_alerts is the reminders' memory.
GRANT SELECT, INSERT, UPDATE ON "cases", "vulnerabilities", "release_branches", "fix_commits" TO "disclose_app";
GRANT DELETE ON "vulnerabilities", "release_branches", "fix_commits" TO "disclose_app";
GRANT SELECT, INSERT ON "timeline_decisions", "patches", "patch_versions", "case_notes", "sent_alerts" TO "disclose_app";
GRANT SELECT, INSERT, DELETE ON "commit_lgtms" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "test_clock" TO "disclose_app";
