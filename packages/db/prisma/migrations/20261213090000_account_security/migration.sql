-- Accounts people can keep safe (issue 16): passkeys beside the authenticator app (and, if a person chooses,
-- instead of the emailed link), what each session was made from and when it was last used, and recovery of an
-- account whose every second factor is lost, approved by two other people.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "passkey_sign_in" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "sessions" ADD COLUMN "user_agent" TEXT,
    ADD COLUMN "created_ip" TEXT,
    ADD COLUMN "last_seen_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "passkey_credentials" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "public_key" BYTEA NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[],
    "name" TEXT NOT NULL,
    "device_type" TEXT NOT NULL,
    "backed_up" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "passkey_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webauthn_challenges" (
    "challenge" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "session_id" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webauthn_challenges_pkey" PRIMARY KEY ("challenge")
);

-- CreateTable
CREATE TABLE "account_recoveries" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "approved_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancelled_by_id" TEXT,

    CONSTRAINT "account_recoveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_recovery_approvals" (
    "recovery_id" UUID NOT NULL,
    "approver_id" TEXT NOT NULL,
    "capacity" TEXT NOT NULL,
    "approved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_recovery_approvals_pkey" PRIMARY KEY ("recovery_id","approver_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "passkey_credentials_credential_id_key" ON "passkey_credentials"("credential_id");
CREATE INDEX "passkey_credentials_user_id_idx" ON "passkey_credentials"("user_id");
CREATE INDEX "webauthn_challenges_expires_at_idx" ON "webauthn_challenges"("expires_at");
CREATE INDEX "account_recoveries_user_id_idx" ON "account_recoveries"("user_id");
CREATE UNIQUE INDEX "account_recovery_approvals_recovery_id_capacity_key" ON "account_recovery_approvals"("recovery_id", "capacity");

-- AddForeignKey
ALTER TABLE "passkey_credentials" ADD CONSTRAINT "passkey_credentials_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account_recoveries" ADD CONSTRAINT "account_recoveries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account_recovery_approvals" ADD CONSTRAINT "account_recovery_approvals_recovery_id_fkey" FOREIGN KEY ("recovery_id") REFERENCES "account_recoveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account_recovery_approvals" ADD CONSTRAINT "account_recovery_approvals_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma: allowed values and bounds.
ALTER TABLE "passkey_credentials"
    ADD CONSTRAINT "passkey_credentials_name_check" CHECK (char_length("name") BETWEEN 1 AND 64),
    ADD CONSTRAINT "passkey_credentials_device_type_check" CHECK ("device_type" IN ('singleDevice', 'multiDevice'));
ALTER TABLE "webauthn_challenges"
    ADD CONSTRAINT "webauthn_challenges_purpose_check" CHECK ("purpose" IN ('register', 'second-factor', 'sign-in'));
ALTER TABLE "account_recoveries"
    ADD CONSTRAINT "account_recoveries_reason_check" CHECK (char_length("reason") BETWEEN 1 AND 1000);
ALTER TABLE "account_recovery_approvals"
    ADD CONSTRAINT "account_recovery_approvals_capacity_check" CHECK ("capacity" IN ('ADMIN', 'PST_MEMBER'));

-- The app role: passkeys are added, renamed, counted and removed; challenges are used once (deleted as read);
-- a recovery's row moves through its states; approvals are written once.
GRANT SELECT, INSERT, UPDATE, DELETE ON "passkey_credentials" TO "disclose_app";
GRANT SELECT, INSERT, DELETE ON "webauthn_challenges" TO "disclose_app";
GRANT SELECT, INSERT, UPDATE ON "account_recoveries" TO "disclose_app";
GRANT SELECT, INSERT ON "account_recovery_approvals" TO "disclose_app";
