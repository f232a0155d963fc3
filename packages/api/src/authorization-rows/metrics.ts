import { can, type TActor } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

// The PST's system-wide action stands in for the metrics (see assertMayViewMetrics).
const pst = (a: TActor) => can(a, "case.list", { kind: "system" });

/** Rows of the authorization matrix for the `metrics` router: only the PST passes (figures: metrics.integration). */
export const metricsRows: AuthzRows = (_fx) => ({
  "metrics.get": { input: async () => ({ from: "2026-01-01", to: "2026-12-31" }), allowed: pst },
});
