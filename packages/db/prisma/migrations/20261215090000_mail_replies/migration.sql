-- The conversation by mail (issue 17): each mail the team sends a reporter by email carries a reply address with
-- its own unguessable token, kept here only as its hash; the reporter's own OpenPGP key, when their mail carried
-- one (an attached key or an Autocrypt header), so the team's replies go out encrypted to it; and a reporter's
-- reply recorded as such when the pick-up adds it to a report's thread.

-- AlterTable
ALTER TABLE "reports" ADD COLUMN "email_reporter_key_fingerprint" TEXT;

-- CreateTable
CREATE TABLE "report_reply_tokens" (
    "token_hash" TEXT NOT NULL,
    "report_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_reply_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "report_reply_tokens_report_id_idx" ON "report_reply_tokens"("report_id");

-- AddForeignKey
ALTER TABLE "report_reply_tokens" ADD CONSTRAINT "report_reply_tokens_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values and bounds.
ALTER TABLE "mail_intake_messages" DROP CONSTRAINT "mail_intake_messages_outcome_check";
ALTER TABLE "mail_intake_messages"
    ADD CONSTRAINT "mail_intake_messages_outcome_check" CHECK ("outcome" IN ('report', 'reply', 'skipped', 'quarantined'));
ALTER TABLE "report_reply_tokens" ADD CONSTRAINT "report_reply_tokens_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "reports" ADD CONSTRAINT "reports_email_reporter_key_fingerprint_check"
    CHECK ("email_reporter_key_fingerprint" IS NULL OR "email_reporter_key_fingerprint" ~ '^[0-9A-F]{40}$');

-- The app role: tokens are written with each mail and erased with the reporter's personal data.
GRANT SELECT, INSERT, DELETE ON "report_reply_tokens" TO "disclose_app";
