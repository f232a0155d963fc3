-- Reports by email (issue 17): mail encrypted to a key no one here holds is kept as a report, flagged with the
-- keys it was encrypted to (a known key's fingerprint, else the key ID the message names).

-- AlterTable
ALTER TABLE "reports" ADD COLUMN "unheld_keys" TEXT[];

-- Beyond schema.prisma: each flag is a 40-hex fingerprint or a 16-hex key ID, and there are few.
ALTER TABLE "reports" ADD CONSTRAINT "reports_unheld_keys_check"
    CHECK ("unheld_keys" IS NULL OR (cardinality("unheld_keys") <= 20
           AND array_position("unheld_keys", NULL) IS NULL
           AND (cardinality("unheld_keys") = 0
                OR array_to_string("unheld_keys", ',') ~ '^([0-9A-F]{40}|[0-9A-F]{16})(,([0-9A-F]{40}|[0-9A-F]{16}))*$')));

-- Team keys: the project's security@ key from before Disclose, its private half only as ciphertext granted to
-- PST members' keys (session-key packets per member, as for a case's items).

-- CreateTable
CREATE TABLE "team_keys" (
    "fingerprint" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "armored_public_key" TEXT NOT NULL,
    "private_key_message" TEXT NOT NULL,
    "imported_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "team_keys_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateTable
CREATE TABLE "team_key_packets" (
    "team_key_fingerprint" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "packets" BYTEA NOT NULL,
    "granted_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_key_packets_pkey" PRIMARY KEY ("team_key_fingerprint","fingerprint")
);

-- CreateIndex
CREATE INDEX "team_key_packets_user_id_idx" ON "team_key_packets"("user_id");

-- AddForeignKey
ALTER TABLE "team_keys" ADD CONSTRAINT "team_keys_imported_by_id_fkey" FOREIGN KEY ("imported_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_key_packets" ADD CONSTRAINT "team_key_packets_team_key_fingerprint_fkey" FOREIGN KEY ("team_key_fingerprint") REFERENCES "team_keys"("fingerprint") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_key_packets" ADD CONSTRAINT "team_key_packets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: shapes and bounds.
ALTER TABLE "team_keys"
    ADD CONSTRAINT "team_keys_fingerprint_check" CHECK ("fingerprint" ~ '^[0-9A-F]{40}$'),
    ADD CONSTRAINT "team_keys_label_check" CHECK (char_length("label") BETWEEN 1 AND 200);
ALTER TABLE "team_key_packets"
    ADD CONSTRAINT "team_key_packets_fingerprint_check" CHECK ("fingerprint" ~ '^[0-9A-F]{40}$');

-- The app role: team keys are imported and retired (never deleted: reports name them); packets are granted and
-- go with their member or key.
GRANT SELECT, INSERT, UPDATE ON "team_keys" TO "disclose_app";
GRANT SELECT, INSERT, DELETE ON "team_key_packets" TO "disclose_app";
