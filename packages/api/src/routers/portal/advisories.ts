import { createTRPCRouter } from "../../trpc";

/** Issue 14 (to be filled). */
export const portalAdvisoriesRouter = createTRPCRouter({});
