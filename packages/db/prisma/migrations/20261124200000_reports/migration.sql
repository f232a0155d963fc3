-- CreateTable
CREATE TABLE "pgp_keys" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "armored_public_key" TEXT NOT NULL,
    "locked_private_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "pgp_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" TEXT NOT NULL DEFAULT 'received',
    "ciphertext" TEXT NOT NULL,
    "encryption" TEXT NOT NULL,
    "recipient_fingerprints" TEXT[],
    "already_public" BOOLEAN NOT NULL DEFAULT false,
    "public_url" TEXT,
    "notify_email" TEXT,
    "tracking_secret_hash" TEXT NOT NULL,
    "reporter_public_key" TEXT NOT NULL,
    "reporter_locked_private_key" TEXT NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "cve_id" TEXT,
    "expected_release_at" TIMESTAMPTZ(3),
    "credit_name" TEXT,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_attachments" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "report_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_messages" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "author" TEXT NOT NULL,
    "author_user_id" TEXT,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "points" INTEGER NOT NULL,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "pgp_keys_fingerprint_key" ON "pgp_keys"("fingerprint");

-- CreateIndex
CREATE INDEX "pgp_keys_user_id_idx" ON "pgp_keys"("user_id");

-- CreateIndex
CREATE INDEX "reports_state_received_at_idx" ON "reports"("state", "received_at");

-- CreateIndex
CREATE INDEX "reports_already_public_received_at_idx" ON "reports"("already_public", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_attachments_report_id_position_key" ON "report_attachments"("report_id", "position");

-- CreateIndex
CREATE INDEX "report_messages_report_id_created_at_idx" ON "report_messages"("report_id", "created_at");

-- CreateIndex
CREATE INDEX "rate_limits_window_end_idx" ON "rate_limits"("window_end");

-- AddForeignKey
ALTER TABLE "pgp_keys" ADD CONSTRAINT "pgp_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_attachments" ADD CONSTRAINT "report_attachments_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Beyond schema.prisma: the database refuses values the application never writes, so a bug cannot store a
-- state the domain does not know, or plaintext where an OpenPGP message belongs.
ALTER TABLE "reports" ADD CONSTRAINT "reports_state_check" CHECK ("state" IN (
    'received', 'triage', 'accepted', 'duplicate', 'rejected', 'not-a-vulnerability', 'spam',
    'fix-in-progress', 'fix-ready', 'distributors-notified', 'released', 'closed'));
ALTER TABLE "reports" ADD CONSTRAINT "reports_encryption_check"
    CHECK ("encryption" IN ('browser', 'server', 'reporter-armored'));
ALTER TABLE "reports" ADD CONSTRAINT "reports_ciphertext_check"
    CHECK ("ciphertext" LIKE '-----BEGIN PGP MESSAGE-----%');
ALTER TABLE "reports" ADD CONSTRAINT "reports_tracking_secret_hash_check"
    CHECK ("tracking_secret_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_author_check"
    CHECK ("author" IN ('reporter', 'pst'));
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_ciphertext_check"
    CHECK ("ciphertext" LIKE '-----BEGIN PGP MESSAGE-----%');
