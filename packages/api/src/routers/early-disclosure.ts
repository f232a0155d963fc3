import { createTRPCRouter } from "../trpc";

export const earlyDisclosureRouter = createTRPCRouter({});
