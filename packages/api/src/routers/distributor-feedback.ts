import { createTRPCRouter } from "../trpc";

export const distributorFeedbackRouter = createTRPCRouter({});
