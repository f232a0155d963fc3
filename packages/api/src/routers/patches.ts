import { createTRPCRouter } from "../trpc";

/** Patches per release branch: encrypted uploads, kept versions, downloads with the reader's own packets. */
export const patchesRouter = createTRPCRouter({});
