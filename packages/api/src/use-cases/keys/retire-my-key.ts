import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import type { TMyKey } from "./list-my-keys";

/**
 * Takes one of the caller's keys out of use: new reports are no longer encrypted to it. The row and its locked
 * private key stay, so the owner can still decrypt what was sent to it.
 */
export async function retireMyKey({
  db,
  session,
  keyId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  keyId: string;
  now: Date;
}): Promise<TMyKey> {
  return db.$transaction(async (tx) => {
    // Scoped by owner: someone else's key is "not found", so ids of other people's keys reveal nothing.
    const key = await tx.pgpKey.findFirst({
      where: { id: keyId, userId: session.userId },
      select: { id: true, fingerprint: true, armoredPublicKey: true, createdAt: true, retiredAt: true },
    });
    if (!key) throw new AppError(AppErrorCode.NOT_FOUND, "You have no such key.");
    if (key.retiredAt) throw new AppError(AppErrorCode.CONFLICT, "This key is retired already.");
    const { count } = await tx.pgpKey.updateMany({
      where: { id: keyId, userId: session.userId, retiredAt: null },
      data: { retiredAt: now },
    });
    if (count !== 1) throw new AppError(AppErrorCode.CONFLICT, "This key is retired already.");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "pgp_key.retired",
      subjectType: "pgp_key",
      subjectId: key.id,
      data: { fingerprint: key.fingerprint, replacedBy: null },
      occurredAt: now,
    });
    return { ...key, retiredAt: now };
  });
}
