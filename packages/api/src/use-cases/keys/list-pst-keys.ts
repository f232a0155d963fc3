import { createHash } from "node:crypto";
import { encryptionKeyIdsOfKey, keyExpiresAt } from "@disclose/crypto";
import { type Db, sqlQuery } from "@disclose/db";
import { z } from "zod";

export const ZPstKey = z.object({
  fingerprint: z.string(),
  armoredPublicKey: z.string(),
  userName: z.string(),
});
export type TPstKey = z.infer<typeof ZPstKey>;

/** A PST key with its owner and age, for the team's own lists (the portal gets ZPstKey only). */
export type TPstKeyWithOwner = TPstKey & { userId: string; createdAt: Date };

/**
 * The keys reports are encrypted to: current keys (not retired, not expired) of active users holding PST_MEMBER.
 * An expired key is left out rather than handed to browsers that could not encrypt to it.
 */
export async function listPstKeys({
  db,
  now = new Date(),
}: {
  db: Db;
  now?: Date;
}): Promise<TPstKeyWithOwner[]> {
  // Plain SQL: every report submission runs this, and the ORM's relation filter costs several times the CPU.
  const rows = await sqlQuery<{
    fingerprint: string;
    armored_public_key: string;
    name: string | null;
    user_id: string;
    created_at: Date;
  }>(
    db,
    `SELECT k.fingerprint, k.armored_public_key, u.name, k.user_id, k.created_at
       FROM pgp_keys k JOIN users u ON u.id = k.user_id
      WHERE k.retired_at IS NULL AND u.active
        AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'PST_MEMBER')
      ORDER BY k.fingerprint`,
  );
  const keys = rows.map((k) => ({
    fingerprint: k.fingerprint,
    armoredPublicKey: k.armored_public_key,
    userName: k.name ?? "PST member",
    userId: k.user_id,
    createdAt: k.created_at,
  }));
  const usable = await Promise.all(keys.map((k) => isKeyUsableAt(k, now)));
  return keys.filter((_, i) => usable[i]);
}

/** A key can be encrypted to at `now`: not expired (cached per key text). */
export async function isKeyUsableAt(key: Pick<TPstKey, "armoredPublicKey">, now: Date): Promise<boolean> {
  const expires = await cachedByKeyText(expiryByKey, key, keyExpiresAt);
  return !expires || expires.getTime() > now.getTime();
}

/**
 * Parsing a key costs more than the query that loads it, so what the hot path needs of a key is computed once
 * per key text (not per fingerprint: an updated key keeps its fingerprint but may change subkeys or expiry).
 */
function cachedByKeyText<T>(
  cache: Map<string, Promise<T>>,
  key: Pick<TPstKey, "armoredPublicKey">,
  compute: (armored: string) => Promise<T>,
): Promise<T> {
  const cacheKey = createHash("sha256").update(key.armoredPublicKey).digest("base64url");
  let value = cache.get(cacheKey);
  if (!value) {
    value = compute(key.armoredPublicKey);
    cache.set(cacheKey, value);
    value.catch(() => cache.delete(cacheKey));
  }
  return value;
}

const expiryByKey = new Map<string, Promise<Date | null>>();

const encryptionIdsByKey = new Map<string, Promise<string[]>>();

/** Key IDs of a PST key's encryption subkeys, to check that a message is really encrypted to it. */
export function pstEncryptionKeyIds(key: Pick<TPstKey, "armoredPublicKey">): Promise<string[]> {
  return cachedByKeyText(encryptionIdsByKey, key, encryptionKeyIdsOfKey);
}
