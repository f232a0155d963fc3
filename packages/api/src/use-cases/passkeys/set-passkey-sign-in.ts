import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { listMyPasskeys, type TMyPasskeys } from "./list-my-passkeys";
import { recordPasskeyChange } from "./passkey-notice";

/**
 * Switches signing in with a passkey alone (no emailed link) on or off for the caller. On needs a passkey; the
 * sign-in itself then requires the authenticator's user verification (a PIN or a fingerprint), so the passkey
 * still counts as two factors.
 */
export async function setPasskeySignIn({
  db,
  session,
  now,
  enabled,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  enabled: boolean;
}): Promise<TMyPasskeys> {
  await db.$transaction(async (tx) => {
    if (enabled && (await tx.passkeyCredential.count({ where: { userId: session.userId } })) === 0) {
      throw new AppError(AppErrorCode.CONFLICT, "Add a passkey first: then you can sign in with it.");
    }
    const changed = await tx.user.updateMany({
      where: { id: session.userId, passkeySignIn: !enabled },
      data: { passkeySignIn: enabled },
    });
    if (changed.count === 1) {
      await recordPasskeyChange(tx, {
        userId: session.userId,
        change: enabled ? "sign-in-on" : "sign-in-off",
        passkey: null,
        now,
      });
    }
  });
  return listMyPasskeys({ db, session });
}
