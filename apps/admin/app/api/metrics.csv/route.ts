import { getMetricsExportResponse } from "@disclose/api";

// The metrics page's cases as CSV ("Download CSV"): the PST's only, never cached.
export async function GET(req: Request): Promise<Response> {
  return getMetricsExportResponse(req);
}
