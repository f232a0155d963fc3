import { createHash } from "node:crypto";
import { encryptionKeyIdsOfKey } from "@disclose/crypto";
import { type Db, sqlQuery } from "@disclose/db";
import { z } from "zod";

export const ZPstKey = z.object({
  fingerprint: z.string(),
  armoredPublicKey: z.string(),
  userName: z.string(),
});
export type TPstKey = z.infer<typeof ZPstKey>;

/** The keys reports are encrypted to: current keys (not retired) of active users holding PST_MEMBER. */
export async function listPstKeys({ db }: { db: Db }): Promise<TPstKey[]> {
  // Plain SQL: every report submission runs this, and the ORM's relation filter costs several times the CPU.
  const rows = await sqlQuery<{ fingerprint: string; armored_public_key: string; name: string | null }>(
    db,
    `SELECT k.fingerprint, k.armored_public_key, u.name
       FROM pgp_keys k JOIN users u ON u.id = k.user_id
      WHERE k.retired_at IS NULL AND u.active
        AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'PST_MEMBER')
      ORDER BY k.fingerprint`,
  );
  return rows.map((k) => ({
    fingerprint: k.fingerprint,
    armoredPublicKey: k.armored_public_key,
    userName: k.name ?? "PST member",
  }));
}

// Cached by the key's whole text, not its fingerprint: an updated key keeps its primary fingerprint but may
// carry a new encryption subkey, which the browser then uses.
const encryptionIdsByKey = new Map<string, Promise<string[]>>();

/** Key IDs of a PST key's encryption subkeys, to check that a message is really encrypted to it. */
export function pstEncryptionKeyIds(key: Pick<TPstKey, "armoredPublicKey">): Promise<string[]> {
  const cacheKey = createHash("sha256").update(key.armoredPublicKey).digest("base64url");
  let ids = encryptionIdsByKey.get(cacheKey);
  if (!ids) {
    ids = encryptionKeyIdsOfKey(key.armoredPublicKey);
    encryptionIdsByKey.set(cacheKey, ids);
    ids.catch(() => encryptionIdsByKey.delete(cacheKey));
  }
  return ids;
}
