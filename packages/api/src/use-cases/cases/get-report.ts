import { appendAuditEvent, type Db } from "@disclose/db";
import {
  availableCommands,
  CASE_STATE_LABELS,
  CASE_STATES,
  type CaseState,
  can,
  mayHold,
  mayHoldTeamKey,
  type SealedItemKind,
  TERMINAL_STATES,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { indexLegacyKeyPackets, loadCaseReaders, readerKeysFor } from "../access/case-readers";
import { caseAccess, ZReaderAccess } from "../access/grants";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import type { TMailedAs } from "../intake/mail-team-message";
import { describeFlags, ZUnheldKey } from "../intake/unheld-keys";
import { displayName } from "../users/display-name";
import { authorizeCase } from "./case-access";
import { CASE_CVES_SELECT, caseCveLine } from "./case-cves";

export const ZReportForStaff = z.object({
  id: z.string(),
  state: z.enum(CASE_STATES),
  stateLabel: z.string(),
  receivedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  waitingOnReporterSince: z.date().nullable(),
  alreadyPublic: z.boolean(),
  publicUrl: z.string().nullable(),
  notifyEmail: z.string().nullable(),
  /** A report picked up from the security mailbox: its sender and the mail's date (metadata). */
  byEmail: z
    .object({
      /** Null once the reporter's personal data was erased: nothing can reach them then. */
      from: z.string().nullable(),
      date: z.date().nullable(),
      /** The reporter's own key from their mail: replies go encrypted to it. Null: only in clear, if confirmed. */
      reporterKeyFingerprint: z.string().nullable(),
    })
    .nullable(),
  /** Mail encrypted only to keys no one here holds: the keys, named (empty: a report someone here can read). */
  unheldKeys: z.array(ZUnheldKey),
  encryption: z.string(),
  /**
   * The report as an armored OpenPGP message carrying only the caller's own session-key packets; decrypted in
   * the browser only. Null: not granted to the caller yet.
   */
  ciphertext: z.string().nullable(),
  /** Whether the report has its list summary yet (a reader's browser writes it for older reports). */
  hasSummary: z.boolean(),
  attachments: z.array(
    z.object({ id: z.string(), position: z.number().int(), size: z.number().int(), readable: z.boolean() }),
  ),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.enum(["reporter", "pst"]),
      authorName: z.string().nullable(),
      /** Null: not granted to the caller yet. */
      ciphertext: z.string().nullable(),
      /** For a report by email, how the message travelled by mail; null in the portal's thread. */
      byEmail: z.enum(["encrypted", "in clear"]).nullable(),
      createdAt: z.date(),
    }),
  ),
  /** What a new reply (and a summary) must be encrypted to: the case's readers now, and the reporter. */
  recipients: z.object({
    staff: z.array(z.object({ fingerprint: z.string(), armoredPublicKey: z.string(), name: z.string() })),
    reporter: z.object({ armoredPublicKey: z.string() }),
  }),
  /** Who may read the case and whether they can yet. */
  access: z.array(ZReaderAccess),
  fixLead: z.object({ id: z.string(), name: z.string() }).nullable(),
  fixTeam: z.array(z.object({ id: z.string(), name: z.string() })),
  fixLeadHistory: z.array(
    z.object({ memberName: z.string(), at: z.date(), reason: z.string(), note: z.string().nullable() }),
  ),
  duplicateOf: z.string().nullable(),
  decisionReason: z.string().nullable(),
  publicBugText: z.string().nullable(),
  bugReference: z.string().nullable(),
  cveId: z.string().nullable(),
  commands: z.array(z.object({ type: z.string(), label: z.string() })),
  /** The caller leads the case and so picks its Fix Team. */
  mayManageFixTeam: z.boolean(),
  /** The caller may reassign the Fix Lead (the PST). */
  mayAssignFixLead: z.boolean(),
  /** The caller may hold team keys (the PST), so items sent to one may be theirs to open. */
  mayOpenWithTeamKey: z.boolean(),
});
export type TReportForStaff = z.infer<typeof ZReportForStaff>;

/**
 * A report for the people allowed to read it: each item carries only the caller's own session-key packets, so
 * only their browser can open it. Every read is audited, in the same transaction as the read itself, and marks
 * the report read for the inbox's "new message" marker.
 */
export async function getReport({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TReportForStaff> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeCase(tx, session, reportId, "report.read");
    await indexLegacyKeyPackets(tx, facts.id, now);
    const report = await tx.report.findUniqueOrThrow({
      where: { id: facts.id },
      include: {
        attachments: { select: { id: true, position: true, size: true }, orderBy: { position: "asc" } },
        messages: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          include: { authorUser: { select: { name: true, email: true } } },
        },
        fixLead: { select: { id: true, name: true, email: true } },
        case: CASE_CVES_SELECT,
        members: { include: { user: { select: { id: true, name: true, email: true } } } },
        fixLeadAssignments: {
          orderBy: { seq: "asc" },
          include: { member: { select: { name: true, email: true } } },
        },
      },
    });
    const packets = await loadReaderPackets(tx, {
      reportId: report.id,
      reader: { reader: "staff", userId: session.userId },
    });
    const mine = (kind: SealedItemKind, id: string) =>
      mayHold(actor, kind, facts) ? packets.get(itemKey(kind, id)) : undefined;
    const ciphertext = await serveItem(report.ciphertext, mine("report", report.id));
    const messages = await Promise.all(
      report.messages.map(async (m) => ({
        id: m.id,
        author: m.author === "pst" ? ("pst" as const) : ("reporter" as const),
        authorName: m.authorUser ? displayName(m.authorUser) : null,
        ciphertext: await serveItem(m.ciphertext, mine("reporter-message", m.id)),
        // The database allows these two values only.
        byEmail: m.byEmail as TMailedAs,
        createdAt: m.createdAt,
      })),
    );
    // Loaded once: who reads the case now decides both the keys a reply goes to and the access list.
    const readers = await loadCaseReaders(tx, facts, now);
    await tx.reportRead.upsert({
      where: { userId_reportId: { userId: session.userId, reportId: report.id } },
      create: { userId: session.userId, reportId: report.id, lastReadAt: now },
      update: { lastReadAt: now },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.read",
      subjectType: "report",
      subjectId: report.id,
      data: {
        served: [
          ...(ciphertext ? ["report"] : []),
          `${messages.filter((m) => m.ciphertext).length} messages`,
        ],
      },
      occurredAt: now,
    });
    const state = report.state as CaseState;
    return {
      id: report.id,
      state,
      stateLabel: CASE_STATE_LABELS[state],
      receivedAt: report.receivedAt,
      acknowledgedAt: report.acknowledgedAt,
      decidedAt: report.decidedAt,
      waitingOnReporterSince: report.waitingOnReporterSince,
      alreadyPublic: report.alreadyPublic,
      publicUrl: report.publicUrl,
      notifyEmail: report.notifyEmail,
      byEmail:
        report.source === "email"
          ? {
              from: report.emailFrom,
              date: report.emailDate,
              reporterKeyFingerprint: report.emailReporterKeyFingerprint,
            }
          : null,
      unheldKeys: report.unheldKeys?.length ? await describeFlags(tx, report.unheldKeys) : [],
      encryption: report.encryption,
      ciphertext,
      hasSummary: report.summary !== null,
      attachments: report.attachments.map((a) => ({
        ...a,
        readable: mine("attachment", a.id) !== undefined,
      })),
      messages,
      recipients: {
        staff: readerKeysFor(readers, "reporter-message", facts).map((k) => ({
          fingerprint: k.fingerprint,
          armoredPublicKey: k.armoredPublicKey,
          name: k.name,
        })),
        reporter: { armoredPublicKey: report.reporterPublicKey },
      },
      access: await caseAccess(tx, facts, now, readers),
      fixLead: report.fixLead ? { id: report.fixLead.id, name: displayName(report.fixLead) } : null,
      fixTeam: report.members.map((m) => ({ id: m.user.id, name: displayName(m.user) })),
      fixLeadHistory: report.fixLeadAssignments.map((a) => ({
        memberName: displayName(a.member),
        at: a.at,
        reason: a.reason,
        note: a.note,
      })),
      duplicateOf: report.duplicateOfId,
      decisionReason: report.decisionReason,
      publicBugText: report.publicBugText,
      bugReference: report.bugReference,
      cveId: caseCveLine(report.case),
      commands: availableCommands(facts, actor),
      mayManageFixTeam:
        !TERMINAL_STATES.includes(facts.state) &&
        can(actor, "case.manage-fix-team", { kind: "case", case: facts }),
      mayAssignFixLead: can(actor, "case.assign-fix-lead", { kind: "case", case: facts }),
      mayOpenWithTeamKey: mayHoldTeamKey(actor),
    };
  });
}

/** One attachment's ciphertext (a binary OpenPGP message) for a reader of the report; audited. */
export async function getAttachment({
  db,
  session,
  attachmentId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  attachmentId: string;
  now: Date;
}): Promise<{ reportId: string; position: number; ciphertext: Uint8Array }> {
  return db.$transaction(async (tx) => {
    const attachment = /^[0-9a-f-]{36}$/i.test(attachmentId)
      ? await tx.reportAttachment.findUnique({ where: { id: attachmentId } })
      : null;
    // Checked against the report it belongs to; a stranger gets the same NOT_FOUND as for no attachment.
    const { facts, actor } = await authorizeCase(tx, session, attachment?.reportId ?? "none", "report.read");
    if (!attachment) throw new Error("unreachable: authorizeCase refuses a missing report");
    await indexLegacyKeyPackets(tx, facts.id, now);
    const packets = mayHold(actor, "attachment", facts)
      ? (
          await loadReaderPackets(tx, {
            reportId: facts.id,
            reader: { reader: "staff", userId: session.userId },
            kinds: ["attachment"],
          })
        ).get(itemKey("attachment", attachment.id))
      : undefined;
    const ciphertext = await serveItem(new Uint8Array(attachment.ciphertext), packets);
    if (!ciphertext) {
      throw new AppError(
        AppErrorCode.FORBIDDEN,
        "This attachment has not been granted to your key yet. It will be once a team member's browser completes your access.",
      );
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.attachment_read",
      subjectType: "report",
      subjectId: attachment.reportId,
      data: { attachmentId: attachment.id, position: attachment.position },
      occurredAt: now,
    });
    return { reportId: attachment.reportId, position: attachment.position, ciphertext };
  });
}
