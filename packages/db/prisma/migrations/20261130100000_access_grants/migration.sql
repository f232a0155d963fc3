-- AlterTable
ALTER TABLE "reports" ADD COLUMN "summary" TEXT,
ADD COLUMN "waiting_on_reporter_since" TIMESTAMPTZ(3),
ADD COLUMN "key_packets_indexed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "key_packets" (
    "report_id" UUID NOT NULL,
    "item_kind" TEXT NOT NULL,
    "item_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "reader" TEXT NOT NULL,
    "user_id" TEXT,
    "packets" BYTEA NOT NULL,
    "granted_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_packets_pkey" PRIMARY KEY ("item_kind","item_id","fingerprint")
);

-- CreateTable
CREATE TABLE "report_reads" (
    "user_id" TEXT NOT NULL,
    "report_id" UUID NOT NULL,
    "last_read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_reads_pkey" PRIMARY KEY ("user_id","report_id")
);

-- CreateIndex
CREATE INDEX "key_packets_report_id_user_id_idx" ON "key_packets"("report_id", "user_id");

-- CreateIndex
CREATE INDEX "key_packets_user_id_idx" ON "key_packets"("user_id");

-- CreateIndex
CREATE INDEX "report_reads_report_id_idx" ON "report_reads"("report_id");

-- AddForeignKey
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_reads" ADD CONSTRAINT "report_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_reads" ADD CONSTRAINT "report_reads_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values, and a staff reader always names the staff member.
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_item_kind_check"
  CHECK ("item_kind" IN ('report', 'summary', 'attachment', 'reporter-message', 'team-message', 'note', 'patch'));
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_reader_check"
  CHECK (("reader" = 'staff' AND "user_id" IS NOT NULL) OR ("reader" = 'reporter' AND "user_id" IS NULL));
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_packets_size_check" CHECK (octet_length("packets") BETWEEN 1 AND 4096);
