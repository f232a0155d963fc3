import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { listPstKeys } from "./list-pst-keys";

export const ZTeamKey = z.object({
  /** Upper-case hex v4 fingerprint. */
  fingerprint: z.string(),
  armoredPublicKey: z.string(),
  ownerName: z.string(),
  createdAt: z.date(),
  /** The caller's own key. */
  mine: z.boolean(),
});
export type TTeamKey = z.infer<typeof ZTeamKey>;

/**
 * The keys new reports are encrypted to, with whose they are: exactly listPstKeys (current keys of active PST
 * members), so the team can check the fingerprints reporters see.
 */
export async function listTeamKeys({
  db,
  session,
  now = new Date(),
}: {
  db: Db;
  session: SessionInfo;
  now?: Date;
}): Promise<TTeamKey[]> {
  return (await listPstKeys({ db, now })).map((k) => ({
    fingerprint: k.fingerprint,
    armoredPublicKey: k.armoredPublicKey,
    // Names only, no e-mail addresses: the portal shows reporters the same names.
    ownerName: k.userName,
    createdAt: k.createdAt,
    mine: k.userId === session.userId,
  }));
}
