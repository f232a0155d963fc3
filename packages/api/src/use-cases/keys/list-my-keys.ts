import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";

export const ZMyKey = z.object({
  id: z.string(),
  /** Upper-case hex v4 fingerprint. */
  fingerprint: z.string(),
  armoredPublicKey: z.string(),
  createdAt: z.date(),
  retiredAt: z.date().nullable(),
});
export type TMyKey = z.infer<typeof ZMyKey>;

export const ZMyKeys = z.object({
  /** The key new reports are encrypted to (when its owner is a PST member). */
  current: ZMyKey.nullable(),
  /** Earlier keys, newest first: kept because old reports are encrypted to them. */
  retired: z.array(ZMyKey),
});
export type TMyKeys = z.infer<typeof ZMyKeys>;

export const ZMyKeyWithPrivate = ZMyKey.extend({
  /** Still locked with its owner's passphrase: only their browser can unlock it. */
  lockedPrivateKey: z.string(),
});
export const ZMyKeysWithPrivate = z.object({
  current: ZMyKeyWithPrivate.nullable(),
  retired: z.array(ZMyKeyWithPrivate),
});
export type TMyKeysWithPrivate = z.infer<typeof ZMyKeysWithPrivate>;

const PUBLIC_FIELDS = {
  id: true,
  fingerprint: true,
  armoredPublicKey: true,
  createdAt: true,
  retiredAt: true,
} as const;

/**
 * The caller's own keys, current and retired. With `withLockedPrivateKeys`, each locked private key too (for
 * decrypting in the browser): it is secret material even locked (a weak passphrase can be guessed offline), so
 * every hand-out is audited, in the same transaction as the read.
 */
export async function listMyKeys(options: {
  db: Db;
  session: SessionInfo;
  now: Date;
  withLockedPrivateKeys: true;
}): Promise<TMyKeysWithPrivate>;
export async function listMyKeys(options: {
  db: Db;
  session: SessionInfo;
  now: Date;
  withLockedPrivateKeys?: false;
}): Promise<TMyKeys>;
export async function listMyKeys({
  db,
  session,
  now,
  withLockedPrivateKeys = false,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  withLockedPrivateKeys?: boolean;
}): Promise<TMyKeys | TMyKeysWithPrivate> {
  // Ordered so that the newest current key comes first; registration keeps at most one current key anyway.
  const orderBy = [{ retiredAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }] as const;
  if (!withLockedPrivateKeys) {
    const keys = await db.pgpKey.findMany({
      where: { userId: session.userId },
      select: PUBLIC_FIELDS,
      orderBy: [...orderBy],
    });
    return split(keys);
  }
  return db.$transaction(async (tx) => {
    const keys = await tx.pgpKey.findMany({
      where: { userId: session.userId },
      select: { ...PUBLIC_FIELDS, lockedPrivateKey: true },
      orderBy: [...orderBy],
    });
    for (const key of keys) {
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "pgp_key.private_key_read",
        subjectType: "pgp_key",
        subjectId: key.id,
        data: { fingerprint: key.fingerprint, retired: key.retiredAt !== null },
        occurredAt: now,
      });
    }
    return split(keys);
  });
}

function split<K extends TMyKey>(keys: K[]): { current: K | null; retired: K[] } {
  const [first, ...rest] = keys;
  if (!first || first.retiredAt) return { current: null, retired: keys };
  return { current: first, retired: rest };
}
