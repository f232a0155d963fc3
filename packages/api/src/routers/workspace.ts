import { createTRPCRouter } from "../trpc";

/** The private fix workspace: repository, release branches, fix commits with LGTMs, internal notes. */
export const workspaceRouter = createTRPCRouter({});
