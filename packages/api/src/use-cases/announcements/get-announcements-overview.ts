import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayViewAnnouncements } from "./announcement-access";
import { ANNOUNCEMENT_LIMITS } from "./limits";

export const ZAnnouncementsOverview = z.object({
  subscribers: z.object({
    confirmed: z.number().int(),
    /** Of the confirmed, those who also get the forthcoming-fix notices. */
    forthcoming: z.number().int(),
    pending: z.number().int(),
  }),
  recent: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["release", "forthcoming"]),
      subject: z.string(),
      recipients: z.number().int(),
      sentAt: z.date(),
      advisoryPublicId: z.string().nullable(),
    }),
  ),
});
export type TAnnouncementsOverview = z.infer<typeof ZAnnouncementsOverview>;

/** The PST's overview: how many subscribers (counts only, no address) and the latest announcements. */
export async function getAnnouncementsOverview({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TAnnouncementsOverview> {
  assertMayViewAnnouncements(session);
  const [counts] = await db.$queryRaw<{ confirmed: number; forthcoming: number; pending: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
           count(*) FILTER (WHERE status = 'confirmed' AND forthcoming_notices)::int AS forthcoming,
           count(*) FILTER (WHERE status = 'pending')::int AS pending
      FROM announcement_subscribers`;
  const recent = await db.announcement.findMany({
    orderBy: [{ sentAt: "desc" }, { id: "asc" }],
    take: ANNOUNCEMENT_LIMITS.recent,
    select: {
      id: true,
      kind: true,
      subject: true,
      recipients: true,
      sentAt: true,
      advisory: { select: { publicId: true } },
    },
  });
  return {
    subscribers: counts ?? { confirmed: 0, forthcoming: 0, pending: 0 },
    recent: recent.map((a) => ({
      id: a.id,
      kind: a.kind === "forthcoming" ? "forthcoming" : "release",
      subject: a.subject,
      recipients: a.recipients,
      sentAt: a.sentAt,
      advisoryPublicId: a.advisory?.publicId ?? null,
    })),
  };
}
