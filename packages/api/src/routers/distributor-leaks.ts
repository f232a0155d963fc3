import { createTRPCRouter } from "../trpc";

export const distributorLeaksRouter = createTRPCRouter({});
