import { apiEnv } from "../env";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  getAnnouncementText,
  ZAnnouncementText,
  ZAnnouncementTextInput,
} from "../use-cases/announcements/get-announcement-text";
import {
  getAnnouncementsOverview,
  ZAnnouncementsOverview,
} from "../use-cases/announcements/get-announcements-overview";

// The use-cases ask the domain (assertMayViewAnnouncements: the PST). Sending is part of publishing (the
// advisories router), which calls enqueueAnnouncement in its own transaction.

/** The PST's view of the security announcements: subscribers (counts) and the text for other channels. */
export const announcementsRouter = createTRPCRouter({
  overview: staffProcedure
    .output(ZAnnouncementsOverview)
    .query(({ ctx }) => getAnnouncementsOverview({ db: ctx.db, session: ctx.session })),
  text: staffProcedure
    .input(ZAnnouncementTextInput)
    .output(ZAnnouncementText)
    .query(({ ctx, input }) =>
      getAnnouncementText({
        db: ctx.db,
        session: ctx.session,
        // The links point at the portal (the admin app's own URL is ctx.appUrl).
        portalUrl: apiEnv().PORTAL_URL,
        advisoryPublicId: input.advisoryPublicId,
      }),
    ),
});
