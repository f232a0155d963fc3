-- CVE and public advisories (issue 14): a case's advisory drafts (sealed to the case's team, each save a new row),
-- the copies of a draft made for notified distributor organisations and their comments (sealed to the team), the
-- published advisory (public, with its revisions and the generated CSAF / OSV / CVE documents and signatures), the
-- project signing key (its private half locked under a secret from the environment), the CVE request of each
-- vulnerability, the reporter's credit, and the subscribers to security announcements.

-- CreateTable
CREATE TABLE "advisory_drafts" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "author_user_id" TEXT,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "advisory_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisory_draft_copies" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "draft_id" UUID NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advisory_draft_copies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisory_comments" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "draft_id" UUID,
    "author_id" TEXT,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advisory_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisories" (
    "id" UUID NOT NULL,
    "case_id" UUID,
    "public_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "severity" TEXT,
    "cvss_score" DOUBLE PRECISION,
    "cve_ids" TEXT[],
    "packages" TEXT[],
    "search_text" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "modified_at" TIMESTAMPTZ(3) NOT NULL,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawn_reason" TEXT,
    "published_by_id" TEXT,

    CONSTRAINT "advisories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisory_revisions" (
    "advisory_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "published_by_id" TEXT,

    CONSTRAINT "advisory_revisions_pkey" PRIMARY KEY ("advisory_id","number")
);

-- CreateTable
CREATE TABLE "advisory_documents" (
    "advisory_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sha512" TEXT NOT NULL,
    "signature" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advisory_documents_pkey" PRIMARY KEY ("advisory_id","revision","format","name")
);

-- CreateTable
CREATE TABLE "advisory_id_counters" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "advisory_id_counters_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "locked_private_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cve_requests" (
    "vulnerability_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "cna" TEXT NOT NULL,
    "cna_name" TEXT,
    "state" TEXT NOT NULL,
    "reference" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "reminded_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),
    "rejected_reason" TEXT,
    "last_error" TEXT,

    CONSTRAINT "cve_requests_pkey" PRIMARY KEY ("vulnerability_id")
);

-- CreateTable
CREATE TABLE "report_credits" (
    "report_id" UUID NOT NULL,
    "offered_name" TEXT NOT NULL,
    "credit_type" TEXT NOT NULL DEFAULT 'finder',
    "status" TEXT NOT NULL,
    "name" TEXT,
    "offered_by_id" TEXT,
    "offered_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "report_credits_pkey" PRIMARY KEY ("report_id")
);

-- CreateTable
CREATE TABLE "announcement_subscribers" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "forthcoming_notices" BOOLEAN NOT NULL DEFAULT false,
    "confirm_token_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "confirm_sent_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),

    CONSTRAINT "announcement_subscribers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "announcements" (
    "id" UUID NOT NULL,
    "advisory_id" UUID,
    "case_id" UUID,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "sent_by_id" TEXT,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "announcements_pkey" PRIMARY KEY ("id")
);

-- AlterTable: per-message headers (List-Unsubscribe, List-Unsubscribe-Post for announcements).
ALTER TABLE "outbox_messages" ADD COLUMN "headers" JSONB;

-- CreateIndex
CREATE INDEX "advisory_drafts_case_id_created_at_idx" ON "advisory_drafts"("case_id", "created_at");
CREATE UNIQUE INDEX "advisory_draft_copies_draft_id_organization_id_key" ON "advisory_draft_copies"("draft_id", "organization_id");
CREATE INDEX "advisory_draft_copies_case_id_organization_id_idx" ON "advisory_draft_copies"("case_id", "organization_id");
CREATE INDEX "advisory_comments_case_id_organization_id_idx" ON "advisory_comments"("case_id", "organization_id");
CREATE UNIQUE INDEX "advisories_case_id_key" ON "advisories"("case_id");
CREATE UNIQUE INDEX "advisories_public_id_key" ON "advisories"("public_id");
CREATE INDEX "advisories_modified_at_idx" ON "advisories"("modified_at");
CREATE INDEX "advisories_published_at_idx" ON "advisories"("published_at");
CREATE UNIQUE INDEX "signing_keys_fingerprint_key" ON "signing_keys"("fingerprint");
CREATE INDEX "cve_requests_case_id_idx" ON "cve_requests"("case_id");
CREATE UNIQUE INDEX "announcement_subscribers_email_key" ON "announcement_subscribers"("email");
CREATE UNIQUE INDEX "announcement_subscribers_confirm_token_hash_key" ON "announcement_subscribers"("confirm_token_hash");
CREATE INDEX "announcement_subscribers_status_idx" ON "announcement_subscribers"("status");
CREATE INDEX "announcements_advisory_id_idx" ON "announcements"("advisory_id");

-- AddForeignKey
ALTER TABLE "advisory_drafts" ADD CONSTRAINT "advisory_drafts_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_drafts" ADD CONSTRAINT "advisory_drafts_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisory_draft_copies" ADD CONSTRAINT "advisory_draft_copies_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_draft_copies" ADD CONSTRAINT "advisory_draft_copies_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_draft_copies" ADD CONSTRAINT "advisory_draft_copies_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "advisory_drafts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_comments" ADD CONSTRAINT "advisory_comments_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_comments" ADD CONSTRAINT "advisory_comments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_comments" ADD CONSTRAINT "advisory_comments_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "advisory_drafts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisory_comments" ADD CONSTRAINT "advisory_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_advisory_id_fkey" FOREIGN KEY ("advisory_id") REFERENCES "advisories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "advisory_documents" ADD CONSTRAINT "advisory_documents_advisory_id_fkey" FOREIGN KEY ("advisory_id") REFERENCES "advisories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cve_requests" ADD CONSTRAINT "cve_requests_vulnerability_id_fkey" FOREIGN KEY ("vulnerability_id") REFERENCES "vulnerabilities"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cve_requests" ADD CONSTRAINT "cve_requests_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cve_requests" ADD CONSTRAINT "cve_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "report_credits" ADD CONSTRAINT "report_credits_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "report_credits" ADD CONSTRAINT "report_credits_offered_by_id_fkey" FOREIGN KEY ("offered_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_advisory_id_fkey" FOREIGN KEY ("advisory_id") REFERENCES "advisories"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_sent_by_id_fkey" FOREIGN KEY ("sent_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values and bounds (the forms and the API say the same in words first).
ALTER TABLE "key_packets" DROP CONSTRAINT "key_packets_item_kind_check";
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_item_kind_check"
  CHECK ("item_kind" IN ('report', 'summary', 'attachment', 'reporter-message', 'team-message', 'note', 'patch', 'fix-commit', 'distributor-feedback', 'advisory-draft', 'advisory-comment'));
ALTER TABLE "advisory_drafts" ADD CONSTRAINT "advisory_drafts_ciphertext_check" CHECK (octet_length("ciphertext") <= 1048576);
ALTER TABLE "advisory_draft_copies" ADD CONSTRAINT "advisory_draft_copies_ciphertext_check" CHECK (octet_length("ciphertext") <= 1048576);
ALTER TABLE "advisory_comments" ADD CONSTRAINT "advisory_comments_ciphertext_check" CHECK (octet_length("ciphertext") <= 262144);
ALTER TABLE "advisories"
    ADD CONSTRAINT "advisories_public_id_check" CHECK ("public_id" ~ '^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,16})?-[0-9]{4}-[0-9]{4,}$'),
    ADD CONSTRAINT "advisories_severity_check" CHECK ("severity" IS NULL OR "severity" IN ('None', 'Low', 'Medium', 'High', 'Critical')),
    ADD CONSTRAINT "advisories_cvss_score_check" CHECK ("cvss_score" IS NULL OR ("cvss_score" >= 0 AND "cvss_score" <= 10)),
    ADD CONSTRAINT "advisories_text_check" CHECK (char_length("title") <= 300 AND char_length("summary") <= 1000 AND char_length(coalesce("withdrawn_reason", '')) <= 2000),
    ADD CONSTRAINT "advisories_revision_check" CHECK ("revision" >= 1);
ALTER TABLE "advisory_documents"
    ADD CONSTRAINT "advisory_documents_format_check" CHECK ("format" IN ('csaf', 'osv', 'cve')),
    ADD CONSTRAINT "advisory_documents_name_check" CHECK ("name" ~ '^[a-z0-9][a-z0-9._+-]{0,199}$');
ALTER TABLE "cve_requests"
    ADD CONSTRAINT "cve_requests_cna_check" CHECK ("cna" IN ('github', 'mitre', 'other', 'self')),
    ADD CONSTRAINT "cve_requests_state_check" CHECK ("state" IN ('requested', 'reserved', 'published', 'rejected')),
    ADD CONSTRAINT "cve_requests_text_check" CHECK (char_length(coalesce("cna_name", '')) <= 200 AND char_length(coalesce("reference", '')) <= 2000 AND char_length(coalesce("rejected_reason", '')) <= 2000 AND char_length(coalesce("last_error", '')) <= 2000);
ALTER TABLE "report_credits"
    ADD CONSTRAINT "report_credits_status_check" CHECK ("status" IN ('offered', 'accepted', 'declined')),
    ADD CONSTRAINT "report_credits_type_check" CHECK ("credit_type" IN ('finder', 'reporter', 'analyst', 'coordinator', 'remediation developer', 'remediation reviewer', 'remediation verifier', 'tool', 'sponsor', 'other')),
    ADD CONSTRAINT "report_credits_text_check" CHECK (char_length("offered_name") BETWEEN 1 AND 200 AND char_length(coalesce("name", '')) <= 200);
ALTER TABLE "announcement_subscribers"
    ADD CONSTRAINT "announcement_subscribers_status_check" CHECK ("status" IN ('pending', 'confirmed', 'unsubscribed')),
    ADD CONSTRAINT "announcement_subscribers_email_check" CHECK (char_length("email") <= 254 AND "email" = lower("email"));
ALTER TABLE "announcements"
    ADD CONSTRAINT "announcements_kind_check" CHECK ("kind" IN ('release', 'forthcoming')),
    ADD CONSTRAINT "announcements_recipients_check" CHECK ("recipients" >= 0);

-- The app role: drafts, copies and comments are written once (a new save is a new row; a copy made again replaces
-- the earlier); published advisories change (revisions, withdrawal) and keep their history; CVE requests and
-- credits move through their states; subscribers confirm and leave.
GRANT SELECT, INSERT ON "advisory_drafts", "advisory_comments", "advisory_revisions", "announcements" TO "disclose_app";
GRANT SELECT, INSERT, DELETE ON "advisory_draft_copies", "advisory_documents" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "advisories", "advisory_id_counters", "signing_keys", "cve_requests", "report_credits", "announcement_subscribers" TO "disclose_app";
