import type { Db } from "@disclose/db";
import type { z } from "zod";
import type { SessionInfo } from "../../context";
import { listMyPasskeys, type TMyPasskeys } from "./list-my-passkeys";
import { recordPasskeyChange } from "./passkey-notice";
import { notYours, type ZPasskeyId } from "./rename-passkey";

/**
 * Removes one of the caller's passkeys. The authenticator app stays, so nobody locks themselves out this way;
 * with the last passkey gone, signing in with a passkey alone is switched off too.
 */
export async function removePasskey({
  db,
  session,
  now,
  passkeyId,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  passkeyId: z.infer<typeof ZPasskeyId>;
}): Promise<TMyPasskeys> {
  await db.$transaction(async (tx) => {
    const [removed] = await tx.$queryRaw<{ id: string; name: string }[]>`
      DELETE FROM passkey_credentials WHERE id = ${passkeyId}::uuid AND user_id = ${session.userId}
      RETURNING id::text, name`;
    if (!removed) throw notYours();
    await recordPasskeyChange(tx, { userId: session.userId, change: "removed", passkey: removed, now });
    const left = await tx.passkeyCredential.count({ where: { userId: session.userId } });
    if (left > 0) return;
    const switchedOff = await tx.user.updateMany({
      where: { id: session.userId, passkeySignIn: true },
      data: { passkeySignIn: false },
    });
    if (switchedOff.count === 1) {
      await recordPasskeyChange(tx, { userId: session.userId, change: "sign-in-off", passkey: null, now });
    }
  });
  return listMyPasskeys({ db, session });
}
