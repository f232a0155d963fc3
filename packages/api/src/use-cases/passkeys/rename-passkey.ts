import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { ZPasskeyName } from "./finish-passkey-registration";
import { listMyPasskeys, type TMyPasskeys } from "./list-my-passkeys";

export const ZPasskeyId = z.uuid("That is not a passkey of this account.");
export const ZRenamePasskeyInput = z.object({ passkeyId: ZPasskeyId, name: ZPasskeyName });

/** Renames one of the caller's own passkeys (scoped by owner: another person's id changes nothing). */
export async function renamePasskey({
  db,
  session,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  input: z.infer<typeof ZRenamePasskeyInput>;
}): Promise<TMyPasskeys> {
  await db.$transaction(async (tx) => {
    const renamed = await tx.passkeyCredential.updateMany({
      where: { id: input.passkeyId, userId: session.userId },
      data: { name: input.name },
    });
    if (renamed.count !== 1) throw notYours();
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "auth.passkey_renamed",
      subjectType: "user",
      subjectId: session.userId,
      data: { passkeyId: input.passkeyId, name: input.name },
      occurredAt: now,
    });
  });
  return listMyPasskeys({ db, session });
}

export const notYours = () => new AppError(AppErrorCode.NOT_FOUND, "This account has no such passkey.");
