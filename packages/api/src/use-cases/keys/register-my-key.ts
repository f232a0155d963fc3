import { ARMORED_STAFF_KEY_MAX_CHARS, checkStaffKeyPair } from "@disclose/crypto";
import { appendAuditEvent, type Db, Prisma, txQuery } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { type TMyKey, ZMyKey } from "./list-my-keys";

export const ZRegisterMyKeyInput = z.object({
  armoredPublicKey: z
    .string()
    .min(1, "Paste your public key.")
    .max(ARMORED_STAFF_KEY_MAX_CHARS, "The public key is too large to be one key."),
  lockedPrivateKey: z
    .string()
    .min(1, "Paste your locked private key.")
    .max(ARMORED_STAFF_KEY_MAX_CHARS, "The private key is too large to be one key."),
});
export type TRegisterMyKeyInput = z.infer<typeof ZRegisterMyKeyInput>;

export const ZRegisteredKey = z.object({
  key: ZMyKey,
  /** The key(s) this one replaces: retired, still there to decrypt old reports. */
  retired: z.array(ZMyKey),
});
export type TRegisteredKey = z.infer<typeof ZRegisteredKey>;

const SELECT = {
  id: true,
  fingerprint: true,
  armoredPublicKey: true,
  createdAt: true,
  retiredAt: true,
} as const;

/**
 * Stores the caller's new key pair, made (or imported) and locked in their browser. A current key they already
 * have is retired in the same transaction (rotation): new reports go to the new key only, and the old one stays
 * to decrypt what was sent to it.
 */
export async function registerMyKey({
  db,
  session,
  armoredPublicKey,
  lockedPrivateKey,
  now,
}: TRegisterMyKeyInput & { db: Db; session: SessionInfo; now: Date }): Promise<TRegisteredKey> {
  const check = await checkStaffKeyPair({ publicKey: armoredPublicKey, lockedPrivateKey, now });
  if (!check.ok) {
    const field = check.field === "publicKey" ? "armoredPublicKey" : check.field;
    throw new AppError(AppErrorCode.BAD_INPUT, check.reason, field ? { field } : {});
  }
  const { fingerprint } = check;
  try {
    return await db.$transaction(async (tx) => {
      // Serialises one person's registrations: two tabs rotating at once must leave one current key, not two.
      await txQuery(tx, "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE", [session.userId]);
      const taken = await tx.pgpKey.findUnique({ where: { fingerprint }, select: { userId: true } });
      if (taken) throw conflict(taken.userId === session.userId);

      const previous = await tx.pgpKey.findMany({
        where: { userId: session.userId, retiredAt: null },
        select: SELECT,
      });
      if (previous.length > 0) {
        await tx.pgpKey.updateMany({
          where: { id: { in: previous.map((k) => k.id) }, userId: session.userId, retiredAt: null },
          data: { retiredAt: now },
        });
      }
      const key = await tx.pgpKey.create({
        data: {
          userId: session.userId,
          fingerprint,
          // As re-armored by the check: nothing but the one key goes to reporters' browsers.
          armoredPublicKey: check.publicKey,
          lockedPrivateKey: check.lockedPrivateKey,
          createdAt: now,
        },
        select: SELECT,
      });
      for (const old of previous) {
        await appendAuditEvent(tx, {
          actorId: session.userId,
          actorKind: "user",
          action: "pgp_key.retired",
          subjectType: "pgp_key",
          subjectId: old.id,
          data: { fingerprint: old.fingerprint, replacedBy: fingerprint },
          occurredAt: now,
        });
      }
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "pgp_key.registered",
        subjectType: "pgp_key",
        subjectId: key.id,
        data: { fingerprint, replaces: previous.map((k) => k.fingerprint) },
        occurredAt: now,
      });
      return { key, retired: previous.map((k): TMyKey => ({ ...k, retiredAt: now })) };
    });
  } catch (error) {
    // The same key registered at the same moment by another request: the unique index decided.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw conflict(false);
    throw error;
  }
}

function conflict(own: boolean): AppError {
  // Retired keys count too: a key taken out of use (perhaps because it leaked) must not come back quietly.
  return new AppError(
    AppErrorCode.CONFLICT,
    own
      ? "You registered this key before. Make or import a new key instead."
      : "This key is already registered to another account.",
  );
}
