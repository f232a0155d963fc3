import { createTRPCRouter } from "../trpc";

/** The case page: its timeline, next action and the facts the rules need (issue 12). */
export const caseWorkflowRouter = createTRPCRouter({});
