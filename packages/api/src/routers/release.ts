import { createTRPCRouter } from "../trpc";

/** The forthcoming-fix notice, the release (versions, disclosure time, mark released) and the retrospective. */
export const releaseRouter = createTRPCRouter({});
