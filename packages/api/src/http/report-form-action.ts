import { REPORT_LIMITS, type TPlainAttachment } from "@disclose/crypto";
import { type Db, getDb } from "@disclose/db";
import { caseClockNow } from "../case-clock";
import { appUrlOf } from "../context";
import { knownAppError, REPORT_NOT_SAVED_MESSAGE } from "../database-unavailable";
import { AppError, AppErrorCode } from "../errors";
import { hasNul, NUL_MESSAGE } from "../nul";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../use-cases/rate-limits/consume-rate-limit";
import { submitPlaintextReport } from "../use-cases/reports/submit-plaintext-report";
import { clientIpOf } from "./client-ip";
import { describeError } from "./report-submission-handler";

export type TReportFormResult =
  | { ok: true; reportId: string; trackingToken: string; keySecret: string; trackingUrl: string }
  | { ok: false; error: { code: string; message: string; field?: string; retryAfterSeconds?: number } };

/**
 * The no-JavaScript form, for the portal's server action: reads the plaintext fields and files, applies the same
 * honeypot and rate limits as `POST /api/reports`, and has the server encrypt everything at once. Never throws
 * an AppError (the page shows `error` beside the kept values); the plaintext is never logged.
 *
 * Fields: title, component, affectedVersions, description, stepsToReproduce, impact, cvssVector,
 * alreadyPublic ("on" | "true"), publicUrl, creditMode ("named" | "anonymous"), creditName, notifyEmail,
 * armoredReport (a pasted PGP message, stored as its packets instead of the fields), website (honeypot), attachment (files).
 */
export async function submitReportForm({
  formData,
  headers,
  db = getDb(),
  now = new Date(),
  portalUrl = appUrlOf("portal"),
  trustProxy,
}: {
  formData: FormData;
  /** The request's headers (Next's `headers()`): the client address for the rate limits. */
  headers: Headers;
  /** Tests only; by default the process's database, the clock, PORTAL_URL and TRUST_PROXY. */
  db?: Db;
  now?: Date;
  portalUrl?: string;
  trustProxy?: boolean;
}): Promise<TReportFormResult> {
  try {
    const text = (name: string) => {
      const value = formData.get(name);
      if (typeof value !== "string") return "";
      if (hasNul(value)) throw new AppError(AppErrorCode.BAD_INPUT, NUL_MESSAGE, { field: name });
      return value;
    };
    if (text("website") !== "") {
      throw new AppError(AppErrorCode.BAD_INPUT, "This submission looks automated and was not accepted.", {
        field: "website",
      });
    }
    await consumeRateLimit({
      db,
      counters: [
        ...countersFor(RATE_LIMITS.submitPerClient, clientIpOf(headers, trustProxy)),
        ...countersFor(RATE_LIMITS.submitAll, "all"),
      ],
      now,
    });

    const files: TPlainAttachment[] = [];
    for (const entry of formData.getAll("attachment")) {
      // A browser sends an empty, nameless file part when no file was chosen.
      if (typeof entry === "string" || (entry.size === 0 && entry.name === "")) continue;
      if (files.length >= REPORT_LIMITS.attachmentsMaxCount) {
        throw new AppError(
          AppErrorCode.PAYLOAD_TOO_LARGE,
          `At most ${REPORT_LIMITS.attachmentsMaxCount} attachments.`,
          {
            field: "attachment",
          },
        );
      }
      files.push({
        name: entry.name || "attachment",
        type: entry.type,
        data: new Uint8Array(await entry.arrayBuffer()),
      });
    }
    const optional = (name: string) => (text(name).trim() ? text(name).trim() : undefined);
    const publicFlag = text("alreadyPublic");
    const result = await submitPlaintextReport({
      db,
      // The case's clock starts now (the test clock's time in test mode; the wall clock otherwise).
      now: await caseClockNow(db, now),
      input: {
        content: {
          title: text("title"),
          component: text("component"),
          affectedVersions: text("affectedVersions"),
          description: text("description"),
          stepsToReproduce: text("stepsToReproduce"),
          impact: text("impact"),
          cvssVector: optional("cvssVector"),
          alreadyPublic: publicFlag === "on" || publicFlag === "true",
          publicUrl: optional("publicUrl"),
          credit:
            text("creditMode") === "named"
              ? { mode: "named", name: text("creditName") }
              : { mode: "anonymous" },
        },
        ...(text("mode") === "armored" && text("armoredReport").trim()
          ? { armoredMessage: text("armoredReport") }
          : {}),
        files,
        notifyEmail: optional("notifyEmail"),
      },
    });
    return {
      ok: true,
      ...result,
      trackingUrl: `${new URL(portalUrl).origin}/track/${result.trackingToken}#${result.keySecret}`,
    };
  } catch (error) {
    // A database outage comes back as UNAVAILABLE with the wait, like the API's 503.
    const known = knownAppError(error, REPORT_NOT_SAVED_MESSAGE);
    if (known) {
      return {
        ok: false,
        error: {
          code: known.code,
          message: known.message,
          ...(known.details.field ? { field: known.details.field } : {}),
          ...(known.details.retryAfterSeconds ? { retryAfterSeconds: known.details.retryAfterSeconds } : {}),
        },
      };
    }
    // Only the error's kind: its message could quote what was typed.
    console.error("report form submission failed:", describeError(error));
    return {
      ok: false,
      error: {
        code: "INTERNAL",
        message: "Something went wrong on our side. Your report was not saved; please try again.",
      },
    };
  }
}
