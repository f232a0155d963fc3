import { createTRPCRouter } from "../trpc";

export const distributorApplicationsRouter = createTRPCRouter({});
