-- A case's history reads its own events newest first; with every read audited the log grows fast, and walking
-- the whole log backwards to find one case's events would slow each case page as other cases grow.
-- DropIndex
DROP INDEX "audit_events_subject_type_subject_id_idx";

-- CreateIndex
CREATE INDEX "audit_events_subject_type_subject_id_seq_idx" ON "audit_events"("subject_type", "subject_id", "seq");
