import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { exportMetricsCsv } from "../use-cases/metrics/export-metrics-csv";
import { assertMayViewMetrics, ZMetricsPeriod } from "../use-cases/metrics/get-metrics";
import { staffDownloadContext, type TStaffDownloadOptions } from "./staff-download";

/**
 * `GET /api/metrics.csv?from=YYYY-MM-DD&to=YYYY-MM-DD` in the admin app: the period's cases as CSV for the PST
 * (`Content-Disposition: attachment`), never cached. A request another site started is refused like every
 * download of the admin app.
 */
export function createMetricsExportHandler(options: TStaffDownloadOptions = {}) {
  return async function handler(req: Request): Promise<Response> {
    const ctx = await staffDownloadContext(req, options);
    if (ctx instanceof Response) return ctx;
    const params = new URL(req.url).searchParams;
    try {
      // Authorization first: someone who may not see the metrics learns nothing about the input.
      assertMayViewMetrics(ctx.session);
      const parsed = ZMetricsPeriod.safeParse({
        from: params.get("from") ?? undefined,
        to: params.get("to") ?? undefined,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError(AppErrorCode.BAD_INPUT, issue?.message ?? "Choose a period.", {
          field: String(issue?.path[0] ?? "from"),
        });
      }
      const { fileName, csv } = await exportMetricsCsv({
        db: ctx.db,
        session: ctx.session,
        period: parsed.data,
        now: ctx.caseNow,
      });
      return new Response(csv, {
        headers: {
          "cache-control": "no-store",
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${fileName}"`,
          "x-content-type-options": "nosniff",
        },
      });
    } catch (error) {
      if (error instanceof AppError) return toErrorResponse(error);
      throw error;
    }
  };
}

/** The admin app's handler, on the process's database and ADMIN_URL. */
export const getMetricsExportResponse = createMetricsExportHandler();
