-- Early disclosure to the private distributors list (issue 13): the Fix Lead's disclosure of a case (terms, why the
-- notice is short or long), one notification per organisation (notified, acknowledged, reminded), each
-- organisation's own marked and encrypted copies of the patches, every download, the distributors' feedback and
-- reported leaks. An organisation gets its mark code when it is first sent a copy.

-- AlterTable
ALTER TABLE "distributor_organizations" ADD COLUMN "mark_code" TEXT;

-- CreateTable
CREATE TABLE "case_distributor_disclosures" (
    "case_id" UUID NOT NULL,
    "terms" TEXT NOT NULL,
    "notice_reason" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_distributor_disclosures_pkey" PRIMARY KEY ("case_id")
);

-- CreateTable
CREATE TABLE "distributor_notifications" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "notified_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" TEXT,
    "reminded_at" TIMESTAMPTZ(3),

    CONSTRAINT "distributor_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_copies" (
    "id" UUID NOT NULL,
    "notification_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "patch_version_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "distributor_copies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_copy_downloads" (
    "id" UUID NOT NULL,
    "copy_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "distributor_copy_downloads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_feedback" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "patch_version_id" UUID,
    "author_id" TEXT,
    "status" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "details_ciphertext" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "distributor_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_leaks" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID,
    "reported_by_id" TEXT,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "what" TEXT NOT NULL,
    "to_whom" TEXT NOT NULL,
    "leaked_at" TIMESTAMPTZ(3) NOT NULL,
    "prevention" TEXT NOT NULL,
    "self_reported" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'reported',
    "damage" TEXT,
    "assessment_notes" TEXT,
    "assessed_by_id" TEXT,
    "assessed_at" TIMESTAMPTZ(3),
    "decision" TEXT,
    "decision_reason" TEXT,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "distributor_leaks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "distributor_organizations_mark_code_key" ON "distributor_organizations"("mark_code");

-- CreateIndex
CREATE UNIQUE INDEX "distributor_notifications_case_id_organization_id_key" ON "distributor_notifications"("case_id", "organization_id");

-- CreateIndex
CREATE INDEX "distributor_notifications_organization_id_idx" ON "distributor_notifications"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "distributor_copies_notification_id_patch_version_id_key" ON "distributor_copies"("notification_id", "patch_version_id");

-- CreateIndex
CREATE INDEX "distributor_copies_case_id_organization_id_idx" ON "distributor_copies"("case_id", "organization_id");

-- CreateIndex
CREATE INDEX "distributor_copy_downloads_copy_id_idx" ON "distributor_copy_downloads"("copy_id");

-- CreateIndex
CREATE INDEX "distributor_copy_downloads_user_id_idx" ON "distributor_copy_downloads"("user_id");

-- CreateIndex
CREATE INDEX "distributor_feedback_case_id_organization_id_idx" ON "distributor_feedback"("case_id", "organization_id");

-- CreateIndex
CREATE INDEX "distributor_leaks_case_id_idx" ON "distributor_leaks"("case_id");

-- AddForeignKey
ALTER TABLE "case_distributor_disclosures" ADD CONSTRAINT "case_distributor_disclosures_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_distributor_disclosures" ADD CONSTRAINT "case_distributor_disclosures_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_notifications" ADD CONSTRAINT "distributor_notifications_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_notifications" ADD CONSTRAINT "distributor_notifications_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_notifications" ADD CONSTRAINT "distributor_notifications_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_copies" ADD CONSTRAINT "distributor_copies_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "distributor_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_copies" ADD CONSTRAINT "distributor_copies_patch_version_id_fkey" FOREIGN KEY ("patch_version_id") REFERENCES "patch_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_copy_downloads" ADD CONSTRAINT "distributor_copy_downloads_copy_id_fkey" FOREIGN KEY ("copy_id") REFERENCES "distributor_copies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_copy_downloads" ADD CONSTRAINT "distributor_copy_downloads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_feedback" ADD CONSTRAINT "distributor_feedback_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_feedback" ADD CONSTRAINT "distributor_feedback_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_feedback" ADD CONSTRAINT "distributor_feedback_patch_version_id_fkey" FOREIGN KEY ("patch_version_id") REFERENCES "patch_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_feedback" ADD CONSTRAINT "distributor_feedback_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_leaks" ADD CONSTRAINT "distributor_leaks_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_leaks" ADD CONSTRAINT "distributor_leaks_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_leaks" ADD CONSTRAINT "distributor_leaks_reported_by_id_fkey" FOREIGN KEY ("reported_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values and bounds (the forms and the API say the same in words first).
ALTER TABLE "distributor_organizations" ADD CONSTRAINT "distributor_organizations_mark_code_check"
    CHECK ("mark_code" IS NULL OR "mark_code" ~ '^[A-Z2-7]{12}$');
ALTER TABLE "case_distributor_disclosures" ADD CONSTRAINT "case_distributor_disclosures_text_check"
    CHECK (char_length("terms") <= 4000 AND char_length(coalesce("notice_reason", '')) <= 2000);
ALTER TABLE "distributor_copies" ADD CONSTRAINT "distributor_copies_check"
    CHECK (char_length("file_name") <= 255 AND "size" = octet_length("ciphertext") AND "size" <= 10485760);
ALTER TABLE "distributor_feedback"
    ADD CONSTRAINT "distributor_feedback_status_check" CHECK ("status" IN ('affected', 'not-affected', 'unknown')),
    ADD CONSTRAINT "distributor_feedback_result_check" CHECK ("result" IN ('tested-fine', 'issues-found', 'not-tested')),
    ADD CONSTRAINT "distributor_feedback_details_check" CHECK (char_length(coalesce("details_ciphertext", '')) <= 262144);
ALTER TABLE "distributor_leaks"
    ADD CONSTRAINT "distributor_leaks_state_check" CHECK ("state" IN ('reported', 'assessed', 'decided')),
    ADD CONSTRAINT "distributor_leaks_damage_check" CHECK ("damage" IS NULL OR "damage" IN ('none', 'limited', 'severe', 'unknown')),
    ADD CONSTRAINT "distributor_leaks_decision_check" CHECK ("decision" IS NULL OR "decision" IN ('release-early', 'continue')),
    ADD CONSTRAINT "distributor_leaks_text_check" CHECK (
        char_length("what") <= 4000 AND char_length("to_whom") <= 1000 AND char_length("prevention") <= 4000
        AND char_length(coalesce("assessment_notes", '')) <= 4000 AND char_length(coalesce("decision_reason", '')) <= 2000);

-- The app role: disclosures and notifications change; copies, downloads and feedback are written once; leaks move
-- through their states.
GRANT SELECT, INSERT, UPDATE ON "case_distributor_disclosures", "distributor_notifications", "distributor_leaks" TO "disclose_app";
GRANT SELECT, INSERT, DELETE ON "distributor_copies" TO "disclose_app";
GRANT SELECT, INSERT ON "distributor_copy_downloads", "distributor_feedback" TO "disclose_app";
