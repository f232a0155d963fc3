import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  getNotificationPreferences,
  ZNotificationPreferences,
} from "../use-cases/alerts/get-notification-preferences";
import { setDigestOnly, ZSetDigestOnlyInput } from "../use-cases/alerts/set-digest-only";

/** Alerts, reminders and the daily digest: each person's choice of digest only. */
export const notificationsRouter = createTRPCRouter({
  preferences: staffProcedure
    .output(ZNotificationPreferences)
    .query(({ ctx }) => getNotificationPreferences({ db: ctx.db, session: ctx.session })),
  setDigestOnly: staffProcedure
    .input(ZSetDigestOnlyInput)
    .output(ZNotificationPreferences)
    .mutation(({ ctx, input }) => setDigestOnly({ db: ctx.db, session: ctx.session, input, now: ctx.now })),
});
