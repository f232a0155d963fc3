-- AlterTable
ALTER TABLE "users" ADD COLUMN "unavailable_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "reports" ADD COLUMN "fix_lead_id" TEXT,
ADD COLUMN "duplicate_of_id" UUID,
ADD COLUMN "decision_reason" TEXT,
ADD COLUMN "public_bug_text" TEXT,
ADD COLUMN "bug_reference" TEXT,
ADD COLUMN "decided_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "case_members" (
    "report_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "added_by_id" TEXT,

    CONSTRAINT "case_members_pkey" PRIMARY KEY ("report_id","user_id")
);

-- CreateTable
CREATE TABLE "fix_lead_assignments" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "report_id" UUID NOT NULL,
    "member_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "previous_member_id" TEXT,
    "note" TEXT,
    "by_user_id" TEXT,

    CONSTRAINT "fix_lead_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distributor_organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributor_memberships" (
    "user_id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distributor_memberships_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "ack_deadline_hours" INTEGER NOT NULL DEFAULT 48,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_members_user_id_idx" ON "case_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "fix_lead_assignments_seq_key" ON "fix_lead_assignments"("seq");

-- CreateIndex
CREATE INDEX "fix_lead_assignments_at_idx" ON "fix_lead_assignments"("at");

-- CreateIndex
CREATE INDEX "fix_lead_assignments_report_id_idx" ON "fix_lead_assignments"("report_id");

-- CreateIndex
CREATE UNIQUE INDEX "distributor_organizations_name_key" ON "distributor_organizations"("name");

-- CreateIndex
CREATE INDEX "distributor_memberships_organization_id_idx" ON "distributor_memberships"("organization_id");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_fix_lead_id_fkey" FOREIGN KEY ("fix_lead_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_duplicate_of_id_fkey" FOREIGN KEY ("duplicate_of_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_members" ADD CONSTRAINT "case_members_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_members" ADD CONSTRAINT "case_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_lead_assignments" ADD CONSTRAINT "fix_lead_assignments_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_lead_assignments" ADD CONSTRAINT "fix_lead_assignments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_memberships" ADD CONSTRAINT "distributor_memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributor_memberships" ADD CONSTRAINT "distributor_memberships_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "distributor_organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values, one settings row.
ALTER TABLE "fix_lead_assignments" ADD CONSTRAINT "fix_lead_assignments_reason_check"
    CHECK ("reason" IN ('rotation', 'reassignment', 'volunteer'));
ALTER TABLE "distributor_memberships" ADD CONSTRAINT "distributor_memberships_status_check"
    CHECK ("status" IN ('active', 'warned', 'removed'));
ALTER TABLE "settings" ADD CONSTRAINT "settings_single_row_check" CHECK ("id" = 1);
ALTER TABLE "settings" ADD CONSTRAINT "settings_ack_deadline_hours_check" CHECK ("ack_deadline_hours" BETWEEN 1 AND 720);
INSERT INTO "settings" ("id") VALUES (1);
