import { appendAuditEvent, type Db } from "@disclose/db";
import type { CaseState } from "@disclose/domain";
import { z } from "zod";
import { findReportIdByToken } from "./tracking-token";

/** What a reporter sees of their report's state, in plain words. */
export const REPORTER_STATES = [
  "received",
  "acknowledged",
  "accepted",
  "duplicate",
  "not-a-vulnerability",
  "rejected",
  "fix-in-progress",
  "fix-ready",
  "released",
  "closed",
] as const;
export type TReporterState = (typeof REPORTER_STATES)[number];

export const REPORTER_STATE_LABELS: Readonly<Record<TReporterState, string>> = {
  received: "Received: the security team has your report and will acknowledge it soon.",
  acknowledged: "Acknowledged: the security team is looking at your report.",
  accepted: "Accepted: the security team confirmed the vulnerability and is handling it.",
  duplicate: "Duplicate: the security team already knew of this issue.",
  "not-a-vulnerability": "Not a vulnerability: it will be handled as an ordinary bug.",
  rejected: "Rejected: the security team decided not to act on this report.",
  "fix-in-progress": "Fix in progress: the security team is developing a fix.",
  "fix-ready": "Fix ready: a fix exists and a release is being prepared.",
  released: "Released: the fix is public.",
  closed: "Closed.",
};

/**
 * The staff's states, as a reporter may see them. Spam reads as "rejected" (a spammer learns nothing), triage
 * as "acknowledged", and the embargoed step of notifying distributors as the fix being ready.
 */
export function reporterStateOf(state: CaseState, acknowledged: boolean): TReporterState {
  switch (state) {
    case "received":
      return acknowledged ? "acknowledged" : "received";
    case "triage":
      return "acknowledged";
    case "spam":
      return "rejected";
    case "distributors-notified":
      return "fix-ready";
    default:
      return state;
  }
}

export const ZTrackingView = z.object({
  reportId: z.string(),
  state: z.enum(REPORTER_STATES),
  stateLabel: z.string(),
  receivedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  cveId: z.string().nullable(),
  expectedReleaseAt: z.date().nullable(),
  creditName: z.string().nullable(),
  reporterPublicKey: z.string(),
  reporterLockedPrivateKey: z.string(),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.enum(["reporter", "pst"]),
      ciphertext: z.string(),
      createdAt: z.date(),
    }),
  ),
});
export type TTrackingView = z.infer<typeof ZTrackingView>;

/** The tracking page's data, for the holder of the token only. The read is audited. */
export async function getTrackingView({
  db,
  now,
  token,
}: {
  db: Db;
  now: Date;
  token: string;
}): Promise<TTrackingView> {
  const reportId = await findReportIdByToken({ db, token });
  return db.$transaction(async (tx) => {
    const report = await tx.report.findUniqueOrThrow({
      where: { id: reportId },
      include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    await appendAuditEvent(tx, {
      actorKind: "reporter",
      action: "report.viewed_by_reporter",
      subjectType: "report",
      subjectId: report.id,
      occurredAt: now,
    });
    const state = reporterStateOf(report.state as CaseState, report.acknowledgedAt !== null);
    return {
      reportId: report.id,
      state,
      stateLabel: REPORTER_STATE_LABELS[state],
      receivedAt: report.receivedAt,
      acknowledgedAt: report.acknowledgedAt,
      cveId: report.cveId,
      expectedReleaseAt: report.expectedReleaseAt,
      creditName: report.creditName,
      reporterPublicKey: report.reporterPublicKey,
      reporterLockedPrivateKey: report.reporterLockedPrivateKey,
      messages: report.messages.map((m) => ({
        id: m.id,
        author: m.author === "pst" ? ("pst" as const) : ("reporter" as const),
        ciphertext: m.ciphertext,
        createdAt: m.createdAt,
      })),
    };
  });
}
