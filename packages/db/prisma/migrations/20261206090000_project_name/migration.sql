-- AlterTable
ALTER TABLE "settings" ADD COLUMN "project_name" TEXT NOT NULL DEFAULT '';

-- Beyond schema.prisma: allowed values (the admin form and the API say the same: at most 100 characters, empty
-- when not set). The app role's UPDATE on "settings" (20261201090000_app_role) covers the new column.
ALTER TABLE "settings" ADD CONSTRAINT "settings_project_name_check" CHECK (char_length("project_name") <= 100);
