import { createTRPCRouter } from "../../trpc";

/** The portal's side of applying to the private distributors list (no account): apply, then follow it. */
export const portalDistributorApplicationsRouter = createTRPCRouter({});
