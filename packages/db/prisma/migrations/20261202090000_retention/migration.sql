-- AlterTable
ALTER TABLE "reports" ADD COLUMN "closed_at" TIMESTAMPTZ(3),
ADD COLUMN "personal_data_erased_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "settings" ADD COLUMN "reporter_data_retention_days" INTEGER NOT NULL DEFAULT 90;

-- CreateTable
CREATE TABLE "report_outbox_messages" (
    "report_id" UUID NOT NULL,
    "outbox_message_id" UUID NOT NULL,

    CONSTRAINT "report_outbox_messages_pkey" PRIMARY KEY ("report_id","outbox_message_id")
);

-- CreateIndex
CREATE INDEX "report_outbox_messages_outbox_message_id_idx" ON "report_outbox_messages"("outbox_message_id");

-- CreateIndex
CREATE INDEX "reports_closed_at_idx" ON "reports"("closed_at");

-- AddForeignKey
ALTER TABLE "report_outbox_messages" ADD CONSTRAINT "report_outbox_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_outbox_messages" ADD CONSTRAINT "report_outbox_messages_outbox_message_id_fkey" FOREIGN KEY ("outbox_message_id") REFERENCES "outbox_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values (the admin form and the API say the same: @disclose/domain RETENTION_DAYS).
ALTER TABLE "settings" ADD CONSTRAINT "settings_reporter_data_retention_days_check"
  CHECK ("reporter_data_retention_days" BETWEEN 1 AND 3650);

-- The app links and unlinks; a link is never changed.
GRANT SELECT, INSERT, DELETE ON "report_outbox_messages" TO "disclose_app";

-- Existing terminal reports: the retention clock starts when the audit log says they reached their state; a
-- triage outcome without that record falls back to its decision time; anything else starts now (never earlier
-- than known, so nothing is erased early by a guess).
UPDATE "reports" r SET "closed_at" = COALESCE(
    (SELECT max(a."occurred_at") FROM "audit_events" a
      WHERE a."subject_type" = 'report' AND a."subject_id" = r."id"::text
        AND a."action" LIKE 'case.%' AND a."data"->>'to' = r."state"),
    CASE WHEN r."state" <> 'closed' THEN r."decided_at" END,
    CURRENT_TIMESTAMP)
WHERE r."state" IN ('duplicate', 'rejected', 'not-a-vulnerability', 'spam', 'closed');

-- Existing emails to reporters (the four reporter templates' subjects, so a staff member who also reported is
-- never matched by their sign-in mail): sent to the report's notify address, or, for a tracking link mailed to
-- another address and not yet delivered, naming the report in its link. A tracking link already delivered to
-- another address cannot be traced to its report (the body is gone): its address stays until an operator
-- removes it (README, "Retention").
INSERT INTO "report_outbox_messages" ("report_id", "outbox_message_id")
SELECT r."id", o."id"
  FROM "outbox_messages" o
  JOIN "reports" r ON r."notify_email" = o."to_address"
 WHERE o."subject" IN ('We received your security report', 'Your security report was updated',
                       'The security team wrote about your report', 'Your security report''s tracking link')
ON CONFLICT DO NOTHING;

INSERT INTO "report_outbox_messages" ("report_id", "outbox_message_id")
SELECT r."id", o."id"
  FROM "outbox_messages" o
  JOIN "reports" r ON r."id"::text = substring(o."text_body" FROM '/track/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.')
 WHERE o."subject" = 'Your security report''s tracking link'
ON CONFLICT DO NOTHING;
