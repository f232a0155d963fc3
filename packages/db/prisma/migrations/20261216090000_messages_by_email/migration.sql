-- How each message of a report by email travelled by mail (issue 17): a team reply sent encrypted to the
-- reporter's key or in clear after the member confirmed, a reporter's reply that arrived encrypted or in clear
-- (encrypted on receipt). Null for the portal's thread. The team sees it beside each message.

-- AlterTable
ALTER TABLE "report_messages" ADD COLUMN "by_email" TEXT;

-- Beyond schema.prisma: allowed values.
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_by_email_check"
    CHECK ("by_email" IS NULL OR "by_email" IN ('encrypted', 'in clear'));
