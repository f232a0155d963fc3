-- CreateTable
CREATE TABLE "team_messages" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "author_user_id" TEXT,
    "ciphertext" TEXT NOT NULL,
    "mentions" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "team_messages_report_id_created_at_idx" ON "team_messages"("report_id", "created_at");

-- AddForeignKey
ALTER TABLE "team_messages" ADD CONSTRAINT "team_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_messages" ADD CONSTRAINT "team_messages_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: a message is an armored OpenPGP message of bounded size (the API refuses more first).
ALTER TABLE "team_messages" ADD CONSTRAINT "team_messages_ciphertext_size_check"
  CHECK (octet_length("ciphertext") BETWEEN 1 AND 262144);

-- Messages are written once and never changed; a report's deletion removes them (as the table's owner).
GRANT SELECT, INSERT ON "team_messages" TO "disclose_app";
