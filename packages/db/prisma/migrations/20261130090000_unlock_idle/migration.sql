-- AlterTable
ALTER TABLE "settings" ADD COLUMN "unlock_idle_minutes" INTEGER NOT NULL DEFAULT 15;

-- Beyond schema.prisma: allowed values (the admin form and the API say the same).
ALTER TABLE "settings" ADD CONSTRAINT "settings_unlock_idle_minutes_check" CHECK ("unlock_idle_minutes" BETWEEN 1 AND 480);
