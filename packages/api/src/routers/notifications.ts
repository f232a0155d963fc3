import { createTRPCRouter } from "../trpc";

/** Alerts, reminders and the daily digest: each person's choice of digest only. */
export const notificationsRouter = createTRPCRouter({});
