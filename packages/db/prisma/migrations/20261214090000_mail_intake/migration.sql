-- Reports by email (issue 17): where a report came from (with the mail's sender and date as metadata), each
-- message picked up from the security mailbox recorded once (UIDVALIDITY + UID, in the transaction that stores
-- the report), and the pick-up's state for the admin settings.

-- AlterTable
ALTER TABLE "reports" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'portal',
    ADD COLUMN "email_from" TEXT,
    ADD COLUMN "email_date" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "mail_intake_messages" (
    "mailbox" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "report_id" UUID,
    "processed_at" TIMESTAMPTZ(3) NOT NULL,
    "moved_at" TIMESTAMPTZ(3),

    CONSTRAINT "mail_intake_messages_pkey" PRIMARY KEY ("mailbox","uid_validity","uid")
);

-- CreateTable
CREATE TABLE "mail_intake_status" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_pickup_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "reports_taken" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "mail_intake_status_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mail_intake_messages_processed_at_idx" ON "mail_intake_messages"("processed_at");

-- Beyond schema.prisma: allowed values and bounds.
ALTER TABLE "reports" ADD CONSTRAINT "reports_source_check" CHECK ("source" IN ('portal', 'email'));
ALTER TABLE "mail_intake_messages"
    ADD CONSTRAINT "mail_intake_messages_outcome_check" CHECK ("outcome" IN ('report', 'skipped', 'quarantined')),
    ADD CONSTRAINT "mail_intake_messages_reason_check" CHECK (char_length(coalesce("reason", '')) <= 200);
ALTER TABLE "mail_intake_status" ADD CONSTRAINT "mail_intake_status_one_row" CHECK ("id" = 1);

-- The app role: messages are recorded once and marked moved once; the status row is kept up to date.
GRANT SELECT, INSERT, UPDATE ON "mail_intake_messages" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "mail_intake_status" TO "disclose_app";
