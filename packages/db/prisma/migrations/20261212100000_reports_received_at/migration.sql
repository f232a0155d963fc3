-- The metrics page lists a period's reports newest first, 50 at a time (issue 15): the index gives a page's ids
-- without sorting the period.

-- CreateIndex
CREATE INDEX "reports_received_at_id_idx" ON "reports"("received_at", "id");
