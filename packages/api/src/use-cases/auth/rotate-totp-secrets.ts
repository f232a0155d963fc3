import { appendAuditEvent, type Db } from "@disclose/db";
import { decryptTotpSecret, encryptTotpSecret, openTotpSecret, type TTotpKeys } from "../../auth/totp";

export interface TTotpRotationResult {
  /** Were under the previous secret; now under the current one. */
  reEncrypted: number;
  /** Were under the current secret already (enrolled or signed in since the rotation began). */
  alreadyCurrent: number;
  /** Open with neither secret (changed or damaged): left as they are, by user id. */
  unreadableUserIds: string[];
}

/** Why `pnpm auth:rotate` does nothing without AUTH_SECRET_PREVIOUS. */
export const NO_PREVIOUS_SECRET =
  "AUTH_SECRET_PREVIOUS is not set: set it to the secret AUTH_SECRET replaced (and AUTH_SECRET to the new one), then run this again. Nothing was changed.";

/**
 * The end of an AUTH_SECRET rotation: every stored TOTP secret (confirmed or still being enrolled) that opens
 * with the previous secret is re-encrypted under the current one, in one transaction that locks them all (a
 * sign-in at the same time waits, then sees the new row), with one audit event of the counts. Secrets that
 * open with neither are reported by user id and left untouched. Afterwards AUTH_SECRET_PREVIOUS is not needed.
 */
export async function rotateTotpSecrets({
  db,
  secrets,
  now,
}: {
  db: Db;
  secrets: TTotpKeys;
  now: Date;
}): Promise<TTotpRotationResult> {
  const { previous } = secrets;
  if (!previous) throw new Error(NO_PREVIOUS_SECRET);
  if (previous === secrets.current) throw new Error("AUTH_SECRET_PREVIOUS is the same as AUTH_SECRET.");
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ user_id: string; secret_encrypted: string }[]>`
        SELECT user_id, secret_encrypted FROM totp_credentials ORDER BY user_id FOR UPDATE`;
      const result: TTotpRotationResult = { reEncrypted: 0, alreadyCurrent: 0, unreadableUserIds: [] };
      for (const row of rows) {
        const opened = openTotpSecret(row.secret_encrypted, secrets);
        if (!opened) {
          result.unreadableUserIds.push(row.user_id);
        } else if (opened.under === "current") {
          result.alreadyCurrent += 1;
        } else {
          const secretEncrypted = encryptTotpSecret(opened.secretBase32, secrets.current);
          // What is written must open with the current secret alone, or nothing is written.
          if (decryptTotpSecret(secretEncrypted, secrets.current) !== opened.secretBase32) {
            throw new Error(`re-encrypting the authenticator of user ${row.user_id} did not round-trip`);
          }
          await tx.totpCredential.update({ where: { userId: row.user_id }, data: { secretEncrypted } });
          result.reEncrypted += 1;
        }
      }
      await appendAuditEvent(tx, {
        actorKind: "system",
        action: "auth.totp_secrets_rotated",
        subjectType: "system",
        // Counts only: who could not be read is printed to the operator, not kept forever.
        data: {
          reEncrypted: result.reEncrypted,
          alreadyCurrent: result.alreadyCurrent,
          unreadable: result.unreadableUserIds.length,
        },
        occurredAt: now,
      });
      return result;
    },
    // One statement per authenticator: far more than a small team needs, and nothing is committed until all are.
    { timeout: 120_000, maxWait: 30_000 },
  );
}
