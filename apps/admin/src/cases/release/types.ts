import type { AdminRouter } from "@disclose/api";
import type { inferRouterOutputs } from "@trpc/server";

/** What release.get answers: the notice, the release and the retrospective of one case. */
export type TReleaseView = inferRouterOutputs<AdminRouter>["release"]["get"];
export type TMilestoneStatus = TReleaseView["notice"]["status"];
