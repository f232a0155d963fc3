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

// A key's fingerprint fixes its subkeys, so their IDs can be cached for the life of the process.
const encryptionIdsByFingerprint = new Map<string, Promise<string[]>>();

/** Key IDs of a PST key's encryption subkeys, to check that a message is really encrypted to it. */
export function pstEncryptionKeyIds(
  key: Pick<TPstKey, "fingerprint" | "armoredPublicKey">,
): Promise<string[]> {
  let ids = encryptionIdsByFingerprint.get(key.fingerprint);
  if (!ids) {
    ids = encryptionKeyIdsOfKey(key.armoredPublicKey);
    encryptionIdsByFingerprint.set(key.fingerprint, ids);
    ids.catch(() => encryptionIdsByFingerprint.delete(key.fingerprint));
  }
  return ids;
}
