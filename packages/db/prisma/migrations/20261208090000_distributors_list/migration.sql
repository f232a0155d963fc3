-- The private distributors list (issue 13): organisations with their distribution, security contact and team key;
-- applications from the portal (no account), followed by a capability link; vouches by list members or the PST.

-- AlterTable
ALTER TABLE "distributor_organizations"
    ADD COLUMN "distribution" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "security_contact" TEXT,
    ADD COLUMN "email_delivery" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "team_key_armored" TEXT,
    ADD COLUMN "team_key_fingerprint" TEXT,
    ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active',
    ADD COLUMN "removed_at" TIMESTAMPTZ(3),
    ADD COLUMN "removed_reason" TEXT,
    ADD COLUMN "joined_via" TEXT NOT NULL DEFAULT 'manual';

-- CreateTable
CREATE TABLE "distributor_applications" (
    "id" UUID NOT NULL,
    "organization_name" TEXT NOT NULL,
    "distribution" TEXT NOT NULL,
    "user_base" TEXT NOT NULL,
    "track_record" TEXT NOT NULL,
    "downstream_of" TEXT,
    "contribution" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "security_contact" TEXT NOT NULL,
    "email_delivery" BOOLEAN NOT NULL DEFAULT false,
    "applicant_name" TEXT NOT NULL,
    "applicant_email" TEXT NOT NULL,
    "team_key_armored" TEXT NOT NULL,
    "team_key_fingerprint" TEXT NOT NULL,
    "embargo_policy_version" TEXT NOT NULL,
    "embargo_accepted_at" TIMESTAMPTZ(3) NOT NULL,
    "voucher_email" TEXT NOT NULL,
    "voucher_user_id" TEXT,
    "tracking_token_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "decision_reason" TEXT,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "organization_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distributor_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_vouches" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "voucher_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "distributor_vouches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "distributor_applications_tracking_token_hash_key" ON "distributor_applications"("tracking_token_hash");

-- CreateIndex
CREATE INDEX "distributor_applications_status_created_at_idx" ON "distributor_applications"("status", "created_at");

-- CreateIndex
CREATE INDEX "distributor_applications_voucher_user_id_idx" ON "distributor_applications"("voucher_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "distributor_vouches_application_id_voucher_id_key" ON "distributor_vouches"("application_id", "voucher_id");

-- AddForeignKey
ALTER TABLE "distributor_applications" ADD CONSTRAINT "distributor_applications_voucher_user_id_fkey" FOREIGN KEY ("voucher_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_applications" ADD CONSTRAINT "distributor_applications_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_applications" ADD CONSTRAINT "distributor_applications_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_vouches" ADD CONSTRAINT "distributor_vouches_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "distributor_applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_vouches" ADD CONSTRAINT "distributor_vouches_voucher_id_fkey" FOREIGN KEY ("voucher_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values, and bounds the forms and the API state in words first.
ALTER TABLE "distributor_organizations"
    ADD CONSTRAINT "distributor_organizations_status_check" CHECK ("status" IN ('active', 'warned', 'removed')),
    ADD CONSTRAINT "distributor_organizations_joined_via_check" CHECK ("joined_via" IN ('manual', 'import', 'application')),
    ADD CONSTRAINT "distributor_organizations_team_key_check" CHECK (
        ("team_key_armored" IS NULL) = ("team_key_fingerprint" IS NULL)
        AND char_length(coalesce("team_key_armored", '')) <= 65536),
    ADD CONSTRAINT "distributor_organizations_text_check" CHECK (
        char_length("distribution") <= 200 AND char_length(coalesce("security_contact", '')) <= 320
        AND char_length(coalesce("removed_reason", '')) <= 2000);
ALTER TABLE "distributor_applications"
    ADD CONSTRAINT "distributor_applications_status_check" CHECK ("status" IN ('submitted', 'approved', 'rejected')),
    ADD CONSTRAINT "distributor_applications_decision_check" CHECK (
        ("status" = 'submitted') = ("decided_at" IS NULL)),
    ADD CONSTRAINT "distributor_applications_text_check" CHECK (
        char_length("organization_name") <= 120 AND char_length("distribution") <= 200
        AND char_length("user_base") <= 4000 AND char_length("track_record") <= 4000
        AND char_length(coalesce("downstream_of", '')) <= 400 AND char_length("contribution") <= 4000
        AND pg_column_size("answers") <= 65536 AND char_length("security_contact") <= 320
        AND char_length("applicant_name") <= 200 AND char_length("applicant_email") <= 320
        AND char_length("team_key_armored") <= 65536 AND char_length("voucher_email") <= 320
        AND char_length(coalesce("decision_reason", '')) <= 2000);
ALTER TABLE "distributor_vouches"
    ADD CONSTRAINT "distributor_vouches_decision_check" CHECK ("decision" IN ('confirmed', 'declined')),
    ADD CONSTRAINT "distributor_vouches_comment_check" CHECK (char_length("comment") <= 2000);

-- The app role: applications are made and decided, vouches recorded; organisations change status.
GRANT SELECT, INSERT, UPDATE ON "distributor_applications" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "distributor_vouches" TO "disclose_app";
