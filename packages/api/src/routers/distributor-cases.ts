import { createTRPCRouter } from "../trpc";

export const distributorCasesRouter = createTRPCRouter({});
