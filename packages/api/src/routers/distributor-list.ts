import { createTRPCRouter } from "../trpc";

export const distributorListRouter = createTRPCRouter({});
