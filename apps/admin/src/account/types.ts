import type { AdminRouter } from "@disclose/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AdminRouter>["account"];
export type TMySession = Outputs["sessions"][number];
export type TSecurityEvent = Outputs["securityEvents"][number];
export type TSecondFactors = Outputs["secondFactors"];
