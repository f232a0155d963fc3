import type { Db } from "@disclose/db";
import { encryptTotpSecret, newTotpSecret } from "../../auth/totp";
import type { SessionInfo } from "../../context";
import { authSecret } from "../../env";
import { AppError, AppErrorCode } from "../../errors";

/**
 * Gives a signed-in account without an authenticator a new TOTP secret to scan. It is stored unconfirmed and
 * used for nothing until confirmTotpEnrollment() sees a right code from it. Starting again replaces it.
 */
export async function startTotpEnrollment({
  db,
  session,
  issuer,
}: {
  db: Db;
  session: SessionInfo;
  issuer: string;
}): Promise<{ secretBase32: string; uri: string }> {
  const existing = await db.totpCredential.findUnique({ where: { userId: session.userId } });
  if (existing?.confirmedAt) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "This account already has an authenticator. Enter its code, or a recovery code if you lost it.",
    );
  }
  const secret = newTotpSecret(session.email, issuer);
  const secretEncrypted = encryptTotpSecret(secret.secretBase32, authSecret());
  await db.totpCredential.upsert({
    where: { userId: session.userId },
    create: { userId: session.userId, secretEncrypted },
    update: { secretEncrypted, lastUsedStep: null },
  });
  return secret;
}
