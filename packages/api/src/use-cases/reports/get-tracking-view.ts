import { appendAuditEvent, type Db } from "@disclose/db";
import { type CaseState, REPORTER_STATE_TEXT, REPORTER_STATES, reporterStateOf } from "@disclose/domain";
import { z } from "zod";
import { findReportIdByToken } from "./tracking-token";

export const ZTrackingView = z.object({
  reportId: z.string(),
  state: z.enum(REPORTER_STATES),
  stateLabel: z.string(),
  receivedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  cveId: z.string().nullable(),
  expectedReleaseAt: z.date().nullable(),
  creditName: z.string().nullable(),
  /** Why the team rejected it or found it not to be a vulnerability, in the team's words. */
  decisionReason: z.string().nullable(),
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
      stateLabel: REPORTER_STATE_TEXT[state].label,
      receivedAt: report.receivedAt,
      acknowledgedAt: report.acknowledgedAt,
      cveId: report.cveId,
      expectedReleaseAt: report.expectedReleaseAt,
      creditName: report.creditName,
      decisionReason:
        report.state === "rejected" || report.state === "not-a-vulnerability" ? report.decisionReason : null,
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
