import { createHash } from "node:crypto";
import { encryptionKeyIdsOfKey } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { z } from "zod";

export const ZPstKey = z.object({
  fingerprint: z.string(),
  armoredPublicKey: z.string(),
  userName: z.string(),
});
export type TPstKey = z.infer<typeof ZPstKey>;

/** The keys reports are encrypted to: current keys (not retired) of active users holding PST_MEMBER. */
export async function listPstKeys({ db }: { db: Db }): Promise<TPstKey[]> {
  const keys = await db.pgpKey.findMany({
    where: { retiredAt: null, user: { active: true, roles: { some: { role: "PST_MEMBER" } } } },
    select: { fingerprint: true, armoredPublicKey: true, user: { select: { name: true, email: true } } },
    orderBy: { fingerprint: "asc" },
  });
  return keys.map((k) => ({
    fingerprint: k.fingerprint,
    armoredPublicKey: k.armoredPublicKey,
    userName: k.user.name ?? "PST member",
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
