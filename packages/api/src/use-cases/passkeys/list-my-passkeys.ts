import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";

export const ZMyPasskey = z.object({
  id: z.string(),
  name: z.string(),
  /** A synced passkey (in a password manager or a phone's keychain) rather than one tied to one device. */
  synced: z.boolean(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});
export const ZMyPasskeys = z.object({
  passkeys: z.array(ZMyPasskey),
  /** The person chose to sign in with a passkey alone, instead of an emailed link. */
  signInWithPasskey: z.boolean(),
});
export type TMyPasskeys = z.infer<typeof ZMyPasskeys>;

/** The caller's passkeys, oldest first (public facts only: the server keeps no secret of a passkey). */
export async function listMyPasskeys({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TMyPasskeys> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: session.userId },
    select: {
      passkeySignIn: true,
      passkeys: {
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, deviceType: true, createdAt: true, lastUsedAt: true },
      },
    },
  });
  return {
    signInWithPasskey: user.passkeySignIn,
    passkeys: user.passkeys.map(({ deviceType, ...p }) => ({ ...p, synced: deviceType === "multiDevice" })),
  };
}
