import { appendAuditEvent, type Db } from "@disclose/db";
import {
  type CaseState,
  CVE_CNAS,
  CVE_REQUEST_STATES,
  personalDataErasableAt,
  REPORTER_STATE_TEXT,
  REPORTER_STATES,
  reporterCveText,
  reporterStateOf,
  type TCveCna,
  type TCveRequestState,
} from "@disclose/domain";
import { z } from "zod";
import { caseItemRecipients, indexLegacyKeyPackets } from "../access/case-readers";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { loadCaseFacts } from "../cases/case-access";
import { CASE_CVES_SELECT, caseCveLine } from "../cases/case-cves";
import { loadCreditOffer, ZCreditOffer } from "../credits/credit-view";
import { getSettings } from "../settings/get-settings";
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
  /**
   * The report as the reporter sent it, openable with their own key; null for reports made before reporters
   * got a copy, and for a message the reporter encrypted themselves.
   */
  report: z.string().nullable(),
  /** What personal data of the reporter's is kept, for the page's erasure control (never the address itself). */
  personalData: z.object({
    /** An address for updates is on file. */
    hasNotifyEmail: z.boolean(),
    /** Emails to the reporter (sent or waiting) whose address and text are still kept. */
    emailsKept: z.number().int(),
    /** When it was last erased (by retention or at the reporter's request); null if never. */
    erasedAt: z.date().nullable(),
    retentionDays: z.number().int(),
    /** When retention will erase it; null while the case is open. */
    erasableAt: z.date().nullable(),
  }),
  /** Each vulnerability's CVE request in the reporter's words ("CVE-2026-1234 reserved", "CVE requested from GitHub"). */
  cveRequests: z.array(
    z.object({ position: z.number().int(), state: z.enum(CVE_REQUEST_STATES), text: z.string() }),
  ),
  /** The credit the team offers the reporter, and their answer; null until one is offered. */
  creditOffer: ZCreditOffer.nullable(),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.enum(["reporter", "pst"]),
      /** Null when the message was not encrypted to the reporter's key (older reporter messages). */
      ciphertext: z.string().nullable(),
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
    await indexLegacyKeyPackets(tx, reportId, now);
    const report = await tx.report.findUniqueOrThrow({
      where: { id: reportId },
      include: {
        messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        _count: { select: { outboxMessages: true } },
        case: { select: { expectedReleaseAt: true, ...CASE_CVES_SELECT.select } },
      },
    });
    const { reporterDataRetentionDays } = await getSettings({ db: tx });
    const cveRequests = await tx.cveRequest.findMany({
      where: { caseId: reportId },
      select: {
        state: true,
        cna: true,
        cnaName: true,
        vulnerability: { select: { position: true, cveId: true } },
      },
    });
    const creditOffer = await loadCreditOffer(tx, reportId);
    const packets = await loadReaderPackets(tx, { reportId, reader: { reader: "reporter" } });
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
      cveId: caseCveLine(report.case),
      expectedReleaseAt: report.case?.expectedReleaseAt ?? null,
      creditName: report.creditName,
      decisionReason:
        report.state === "rejected" || report.state === "not-a-vulnerability" ? report.decisionReason : null,
      reporterPublicKey: report.reporterPublicKey,
      reporterLockedPrivateKey: report.reporterLockedPrivateKey,
      personalData: {
        hasNotifyEmail: report.notifyEmail !== null,
        emailsKept: report._count.outboxMessages,
        erasedAt: report.personalDataErasedAt,
        retentionDays: reporterDataRetentionDays,
        erasableAt: personalDataErasableAt(
          { state: report.state as CaseState, closedAt: report.closedAt },
          reporterDataRetentionDays,
        ),
      },
      cveRequests: cveRequests
        .map((r) => {
          const state = r.state as TCveRequestState;
          const cna: TCveCna = (CVE_CNAS as readonly string[]).includes(r.cna) ? (r.cna as TCveCna) : "other";
          return {
            position: r.vulnerability.position,
            state,
            text: reporterCveText({ state, cna, cnaName: r.cnaName, cveId: r.vulnerability.cveId }),
          };
        })
        .sort((a, b) => a.position - b.position),
      creditOffer,
      report: await serveItem(report.ciphertext, packets.get(itemKey("report", report.id))),
      messages: await Promise.all(
        report.messages.map(async (m) => ({
          id: m.id,
          author: m.author === "pst" ? ("pst" as const) : ("reporter" as const),
          ciphertext: await serveItem(m.ciphertext, packets.get(itemKey("reporter-message", m.id))),
          createdAt: m.createdAt,
        })),
      ),
    };
  });
}

export const ZReaderKeys = z.array(z.object({ fingerprint: z.string(), armoredPublicKey: z.string() }));

/**
 * The keys a reporter's reply must be encrypted to besides their own: everyone who reads the case now (the PST,
 * its Fix Lead and Fix Team). Public keys only; for the holder of the token.
 */
export async function getTrackingReaderKeys({
  db,
  now,
  token,
}: {
  db: Db;
  now: Date;
  token: string;
}): Promise<z.infer<typeof ZReaderKeys>> {
  const reportId = await findReportIdByToken({ db, token });
  const facts = await loadCaseFacts(db, reportId);
  if (!facts) return [];
  const { staff } = await caseItemRecipients(db, { facts, kind: "reporter-message", now });
  return staff.map((k) => ({ fingerprint: k.fingerprint, armoredPublicKey: k.armoredPublicKey }));
}
