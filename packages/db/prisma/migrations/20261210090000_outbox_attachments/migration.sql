-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN "pgp_encrypted" TEXT;

-- CreateTable
CREATE TABLE "outbox_attachments" (
    "id" UUID NOT NULL,
    "outbox_message_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "outbox_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_attachments_outbox_message_id_position_key" ON "outbox_attachments"("outbox_message_id", "position");

-- AddForeignKey
ALTER TABLE "outbox_attachments" ADD CONSTRAINT "outbox_attachments_outbox_message_id_fkey" FOREIGN KEY ("outbox_message_id") REFERENCES "outbox_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The app adds attachments with a message and deletes them once it is delivered (as it blanks the body); an
-- attachment is never changed.
GRANT SELECT, INSERT, DELETE ON "outbox_attachments" TO "disclose_app";
