import { REPORT_LIMITS } from "@disclose/crypto";
import { type Db, getDb } from "@disclose/db";
import { caseClockNow } from "../case-clock";
import { appUrlOf } from "../context";
import { knownAppError, REPORT_NOT_SAVED_MESSAGE } from "../database-unavailable";
import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { hasNul, NUL_MESSAGE } from "../nul";
import { isSameOrigin } from "../origin";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../use-cases/rate-limits/consume-rate-limit";
import { submitReport, ZEncryption } from "../use-cases/reports/submit-report";
import { clientIpOf } from "./client-ip";
import { declaresTooLarge, readLimitedBody } from "./read-limited-body";

/** Tests only; by default the portal's URL, the process's database, TRUST_PROXY and the clock. */
interface ReportSubmissionHandlerOptions {
  appUrl?: string;
  db?: () => Db;
  trustProxy?: boolean;
  now?: () => Date;
}

const bad = (message: string, field?: string) =>
  new AppError(AppErrorCode.BAD_INPUT, message, field ? { field } : {});

/**
 * `POST /api/reports`: the browser's already-encrypted report as multipart/form-data. Cheapest refusals first
 * (cross-site, declared size, rate limits), so a flood costs a header check and one upsert per request; the
 * body is read only then, with a hard cap. Errors are JSON `{ error: { code, message, field? } }`; the body is
 * never logged.
 */
export function createReportSubmissionHandler(options: ReportSubmissionHandlerOptions = {}) {
  return async function POST(req: Request): Promise<Response> {
    try {
      if (!isSameOrigin(req.headers.get("origin"), options.appUrl ?? appUrlOf("portal"))) {
        throw new AppError(AppErrorCode.CROSS_SITE_REQUEST, "This request did not come from this site.");
      }
      if (declaresTooLarge(req, REPORT_LIMITS.requestMaxBytes)) {
        throw new AppError(
          AppErrorCode.PAYLOAD_TOO_LARGE,
          `The submission is larger than ${REPORT_LIMITS.requestMaxBytes / 1024 / 1024} MB. Attach fewer or smaller files.`,
        );
      }
      const contentType = req.headers.get("content-type") ?? "";
      if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
        throw bad("Send the report as multipart/form-data.");
      }
      const db = (options.db ?? getDb)();
      const now = options.now?.() ?? new Date();
      const client = clientIpOf(req.headers, options.trustProxy);
      await consumeRateLimit({
        db,
        counters: [
          ...countersFor(RATE_LIMITS.submitPerClient, client),
          ...countersFor(RATE_LIMITS.submitAll, "all"),
        ],
        now,
      });

      const body = await readLimitedBody(req, REPORT_LIMITS.requestMaxBytes);
      let form: FormData;
      try {
        form = await new Response(body as Uint8Array<ArrayBuffer>, {
          headers: { "content-type": contentType },
        }).formData();
      } catch {
        throw bad("The form data could not be read.");
      }
      const text = (name: string) => {
        const value = form.get(name);
        if (value !== null && typeof value !== "string") throw bad(`${name} must be a text field.`, name);
        if (value !== null && hasNul(value)) throw bad(NUL_MESSAGE, name);
        return value ?? "";
      };
      // The honeypot: a field people never see (hidden by CSS), which bots fill in.
      if (text("website") !== "")
        throw bad("This submission looks automated and was not accepted.", "website");

      const encryption = ZEncryption.exclude(["server"]).safeParse(text("encryption") || "browser");
      if (!encryption.success) throw bad("encryption must be 'browser' or 'reporter-armored'.", "encryption");
      const message = text("message");
      if (!message) throw bad("The encrypted report is missing.", "message");
      const alreadyPublic = text("alreadyPublic");
      if (!["", "true", "false"].includes(alreadyPublic))
        throw bad("alreadyPublic must be true or false.", "alreadyPublic");

      const attachments: Uint8Array[] = [];
      for (const entry of form.getAll("attachment")) {
        if (typeof entry === "string") throw bad("Attachments must be files.", "attachment");
        attachments.push(new Uint8Array(await entry.arrayBuffer()));
      }
      const result = await submitReport({
        db,
        // The case's clock starts now (the test clock's time in test mode; the wall clock otherwise).
        now: await caseClockNow(db, now),
        input: {
          ciphertext: message,
          ...(text("summary") ? { summary: text("summary") } : {}),
          encryption: encryption.data,
          attachments,
          recipientFingerprints: text("recipientFingerprints")
            .split(",")
            .filter((f) => f.trim() !== ""),
          reporterPublicKey: text("reporterPublicKey"),
          reporterLockedPrivateKey: text("reporterLockedPrivateKey"),
          alreadyPublic: alreadyPublic === "true",
          ...(text("publicUrl").trim() ? { publicUrl: text("publicUrl").trim() } : {}),
          ...(text("notifyEmail").trim() ? { notifyEmail: text("notifyEmail").trim() } : {}),
        },
      });
      return Response.json(result, { status: 201, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      // A database outage is a 503 with Retry-After: nothing was committed, and the same report will go through.
      const known = knownAppError(error, REPORT_NOT_SAVED_MESSAGE);
      if (known) return toErrorResponse(known);
      // Only the error's kind: the request, and database errors that quote the row, carry the report.
      console.error("POST /api/reports failed:", describeError(error));
      return Response.json(
        {
          error: {
            code: "INTERNAL",
            message: "Something went wrong on our side. Your report was not saved; please try again.",
          },
        },
        { status: 500 },
      );
    }
  };
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "non-Error thrown";
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}`;
}
