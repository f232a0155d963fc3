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
 * The keys new reports are encrypted to, with whose they are: the same set as listPstKeys (current keys of
 * active PST members), so the team can check the fingerprints reporters see.
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
  // The same set, expiry included: listPstKeys decides which keys are current.
  const current = new Set((await listPstKeys({ db, now })).map((k) => k.fingerprint));
  const keys = await db.pgpKey.findMany({
    where: { retiredAt: null, user: { active: true, roles: { some: { role: "PST_MEMBER" } } } },
    select: {
      fingerprint: true,
      armoredPublicKey: true,
      createdAt: true,
      userId: true,
      user: { select: { name: true } },
    },
    orderBy: { fingerprint: "asc" },
  });
  return keys
    .filter((k) => current.has(k.fingerprint))
    .map((k) => ({
      fingerprint: k.fingerprint,
      armoredPublicKey: k.armoredPublicKey,
      // Names only, no e-mail addresses: the portal shows reporters the same names.
      ownerName: k.user.name ?? "PST member",
      createdAt: k.createdAt,
      mine: k.userId === session.userId,
    }));
}
