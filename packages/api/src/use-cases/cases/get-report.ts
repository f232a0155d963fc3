import { appendAuditEvent, type Db } from "@disclose/db";
import { availableCommands, CASE_STATE_LABELS, CASE_STATES, type CaseState, can } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "./case-access";

export const ZReportForStaff = z.object({
  id: z.string(),
  state: z.enum(CASE_STATES),
  stateLabel: z.string(),
  receivedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  alreadyPublic: z.boolean(),
  publicUrl: z.string().nullable(),
  notifyEmail: z.string().nullable(),
  encryption: z.string(),
  recipientFingerprints: z.array(z.string()),
  /** The report as an armored OpenPGP message; decrypted in the browser only. */
  ciphertext: z.string(),
  /** Replies to the reporter are encrypted to this key (and to the PST keys). */
  reporterPublicKey: z.string(),
  attachments: z.array(z.object({ id: z.string(), position: z.number().int(), size: z.number().int() })),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.enum(["reporter", "pst"]),
      authorName: z.string().nullable(),
      ciphertext: z.string(),
      createdAt: z.date(),
    }),
  ),
  /** The caller's own keys (current and retired), private halves locked with their passphrase. */
  myKeys: z.array(z.object({ fingerprint: z.string(), lockedPrivateKey: z.string(), retired: z.boolean() })),
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
});
export type TReportForStaff = z.infer<typeof ZReportForStaff>;

const nameOf = (u: { name: string | null; email: string }) => u.name ?? u.email;

/**
 * A report for the people allowed to read it: ciphertext, thread and the reader's own locked keys, which only
 * their browser can unlock. Every read is audited, in the same transaction as the read itself.
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
    const report = await tx.report.findUniqueOrThrow({
      where: { id: facts.id },
      include: {
        attachments: { select: { id: true, position: true, size: true }, orderBy: { position: "asc" } },
        messages: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          include: { authorUser: { select: { name: true, email: true } } },
        },
        fixLead: { select: { id: true, name: true, email: true } },
        members: { include: { user: { select: { id: true, name: true, email: true } } } },
        fixLeadAssignments: {
          orderBy: { seq: "asc" },
          include: { member: { select: { name: true, email: true } } },
        },
      },
    });
    const keys = await tx.pgpKey.findMany({
      where: { userId: session.userId },
      orderBy: { createdAt: "desc" },
      select: { fingerprint: true, lockedPrivateKey: true, retiredAt: true },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.read",
      subjectType: "report",
      subjectId: report.id,
      data: { lockedKeysHandedOut: keys.map((k) => k.fingerprint) },
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
      alreadyPublic: report.alreadyPublic,
      publicUrl: report.publicUrl,
      notifyEmail: report.notifyEmail,
      encryption: report.encryption,
      recipientFingerprints: report.recipientFingerprints,
      ciphertext: report.ciphertext,
      reporterPublicKey: report.reporterPublicKey,
      attachments: report.attachments,
      messages: report.messages.map((m) => ({
        id: m.id,
        author: m.author === "pst" ? ("pst" as const) : ("reporter" as const),
        authorName: m.authorUser ? nameOf(m.authorUser) : null,
        ciphertext: m.ciphertext,
        createdAt: m.createdAt,
      })),
      myKeys: keys.map((k) => ({
        fingerprint: k.fingerprint,
        lockedPrivateKey: k.lockedPrivateKey,
        retired: k.retiredAt !== null,
      })),
      fixLead: report.fixLead ? { id: report.fixLead.id, name: nameOf(report.fixLead) } : null,
      fixTeam: report.members.map((m) => ({ id: m.user.id, name: nameOf(m.user) })),
      fixLeadHistory: report.fixLeadAssignments.map((a) => ({
        memberName: nameOf(a.member),
        at: a.at,
        reason: a.reason,
        note: a.note,
      })),
      duplicateOf: report.duplicateOfId,
      decisionReason: report.decisionReason,
      publicBugText: report.publicBugText,
      bugReference: report.bugReference,
      cveId: report.cveId,
      commands: availableCommands(facts, actor),
      mayManageFixTeam: can(actor, "case.manage-fix-team", { kind: "case", case: facts }),
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
    await authorizeCase(tx, session, attachment?.reportId ?? "none", "report.read");
    if (!attachment) throw new Error("unreachable: authorizeCase refuses a missing report");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.attachment_read",
      subjectType: "report",
      subjectId: attachment.reportId,
      data: { attachmentId: attachment.id, position: attachment.position },
      occurredAt: now,
    });
    return {
      reportId: attachment.reportId,
      position: attachment.position,
      ciphertext: attachment.ciphertext,
    };
  });
}
