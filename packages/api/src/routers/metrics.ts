import { createTRPCRouter, staffProcedure } from "../trpc";
import { getMetrics, ZMetricsPeriod, ZMetricsView } from "../use-cases/metrics/get-metrics";

// The use-case asserts the PST's right first (assertMayViewMetrics); the CSV export is a route of the admin app
// (packages/api/src/http/metrics-export-route.ts).

/** How well the process runs: the domain's figures over a period of cases, for the PST. */
export const metricsRouter = createTRPCRouter({
  get: staffProcedure
    .input(ZMetricsPeriod)
    .output(ZMetricsView)
    .query(({ ctx, input }) =>
      getMetrics({ db: ctx.db, session: ctx.session, period: input, now: ctx.caseNow }),
    ),
});
