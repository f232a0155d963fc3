import { splitAnyMessage } from "@disclose/crypto";
import { appendAuditEvent, type DbTx, Prisma } from "@disclose/db";
import {
  type CaseAction,
  type CaseState,
  can,
  hasFixTeam,
  mayHold,
  type SealedItemKind,
  type TActor,
  type TCaseFacts,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadCaseReaders, readerKeysFor, type TCaseReader } from "../access/case-readers";
import {
  encryptionKeyIds,
  insertKeyPackets,
  keyPacketRowsFor,
  type TKeyPacketRow,
} from "../access/key-packets";
import { authorizeCase, isUuid } from "../cases/case-access";

export const ZReportId = z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id.");
/** A row's id: anything else than a uuid of this case answers NOT_FOUND, never a database error. */
export const ZRowId = z.string().trim().min(1, "Choose one.").max(64, "That is not an id.");

/** Fix work (commits added or removed, LGTMs withdrawn) happens until the fix is marked ready. */
export const FIX_OPEN_STATES: readonly CaseState[] = ["accepted", "fix-in-progress"];
/** The workspace (repository, branches, LGTMs) is kept up to date until the release; then it is a record. */
export const WORKSPACE_OPEN_STATES: readonly CaseState[] = [
  "accepted",
  "fix-in-progress",
  "fix-ready",
  "distributors-notified",
];

/**
 * The case if the caller may use its fix workspace: the domain's `fix.read` (the PST, its Fix Lead and Fix Team),
 * on a report that is a case (accepted or later). Anyone who may not see the case gets the same NOT_FOUND as for
 * no case; a report still in triage has no workspace either.
 */
export async function authorizeWorkspace(
  tx: DbTx,
  session: SessionInfo,
  reportId: string,
  action: CaseAction = "fix.read",
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const { facts, actor } = await authorizeCase(tx, session, reportId, "fix.read");
  if (!hasFixTeam(facts.state)) {
    throw new AppError(AppErrorCode.NOT_FOUND, "This report is not a case, so it has no fix workspace.");
  }
  if (action !== "fix.read" && !can(actor, action, { kind: "case", case: facts })) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Your role on this case does not allow this.");
  }
  return { facts, actor };
}

/** Whether the caller may change the workspace: a holder of `fix.read` (PST, Fix Lead, Fix Team) who holds its items. */
export function mayEditWorkspace(actor: TActor, facts: TCaseFacts): boolean {
  return (
    can(actor, "fix.read", { kind: "case", case: facts }) &&
    mayHold(actor, "fix-commit", facts) &&
    WORKSPACE_OPEN_STATES.includes(facts.state)
  );
}

/** Refuses a change of the workspace once the case is released (or by someone who holds none of its items). */
export function assertMayEdit(actor: TActor, facts: TCaseFacts): void {
  if (!mayHold(actor, "fix-commit", facts)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Your role on this case does not allow this.");
  }
  if (!WORKSPACE_OPEN_STATES.includes(facts.state)) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "This case is released: its fix workspace is a record now and no longer changes.",
    );
  }
}

/** Refuses a change of the fix itself (its commits, their LGTMs withdrawn) once the fix is marked ready. */
export function assertFixOpen(facts: TCaseFacts, what: string): void {
  if (!FIX_OPEN_STATES.includes(facts.state)) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      `The fix is marked ready, so ${what} is no longer possible. Reopen fix development on the case's overview first.`,
    );
  }
}

/**
 * The case's own row (a case accepted before the case workflow, or by a test's fixture, may have none yet): the
 * workspace's rows hang from it.
 */
export async function ensureCaseRow(tx: DbTx, facts: TCaseFacts, caseNow: Date): Promise<void> {
  await tx.case.upsert({
    where: { id: facts.id },
    create: { id: facts.id, openedAt: caseNow, alreadyPublic: facts.isPublic },
    update: {},
  });
}

/** The people who may hold items of `kind` of this case now (PST, its Fix Lead and Fix Team), with their keys. */
export async function workspaceReaders(
  tx: DbTx,
  facts: TCaseFacts,
  kind: SealedItemKind,
  now: Date,
): Promise<TCaseReader[]> {
  return (await loadCaseReaders(tx, facts, now)).filter((r) => mayHold(r.actor, kind, facts));
}

/** Maintainers who may author a fix commit of this case: the PST, its Fix Lead and its Fix Team (active). */
export function maintainersOf(readers: readonly TCaseReader[], facts: TCaseFacts): TCaseReader[] {
  return readers.filter((r) => can(r.actor, "fix.read", { kind: "case", case: facts }));
}

export const ZReaderKeyOut = z.object({
  userId: z.string(),
  name: z.string(),
  /** Null: they have no usable key yet (they get the items by a grant once they have one). */
  key: z.object({ fingerprint: z.string(), armoredPublicKey: z.string() }).nullable(),
});

export function readerKeyOut(r: TCaseReader): z.infer<typeof ZReaderKeyOut> {
  return {
    userId: r.userId,
    name: r.name,
    key: r.key ? { fingerprint: r.key.fingerprint, armoredPublicKey: r.key.armoredPublicKey } : null,
  };
}

/**
 * The key packet rows of a new sealed item, proving it is encrypted to exactly the people who may hold it now:
 * one left out is refused as stale (the browser fetches the keys again), one also encrypted to anyone else is
 * refused outright (the session key would sit in the stored item).
 */
export async function sealedItemRows(
  tx: DbTx,
  options: {
    facts: TCaseFacts;
    item: { kind: SealedItemKind; id: string };
    message: string;
    field: string;
    now: Date;
    what: string;
  },
): Promise<TKeyPacketRow[]> {
  const readers = await workspaceReaders(tx, options.facts, options.item.kind, options.now);
  const keys = readerKeysFor(readers, options.item.kind, options.facts);
  const rows = await keyPacketRowsFor({
    reportId: options.facts.id,
    item: options.item,
    message: options.message,
    required: keys,
    field: options.field,
    what: options.what,
  });
  const allowed = new Set((await Promise.all(keys.map((k) => encryptionKeyIds(k)))).flat());
  const { keyPackets } = await splitAnyMessage(options.message);
  if (keyPackets.some((p) => p.keyId === null || !allowed.has(p.keyId))) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      `${options.what} is also encrypted to a key of someone who may not read this case's fix workspace. It was not stored.`,
      { field: options.field },
    );
  }
  return rows;
}

/** Armor as a browser sends it, with line ends normalised; refused when it is not armor of a PGP message. */
/**
 * A new sealed item, stored as every such item is: checked against its readers (sealedItemRows), its row written
 * by `create`, its readers' key packets, and an audit entry naming the recipients' fingerprints, in `tx`.
 */
export async function storeSealedItem<T>(
  tx: DbTx,
  options: Parameters<typeof sealedItemRows>[1] & {
    actorId: string;
    action: string;
    data: Record<string, unknown>;
  },
  create: () => Promise<T>,
): Promise<T> {
  const { actorId, action, data, ...sealed } = options;
  const rows = await sealedItemRows(tx, sealed);
  const created = await create();
  await insertKeyPackets(tx, rows, options.now);
  await appendAuditEvent(tx, {
    actorId,
    actorKind: "user",
    action,
    subjectType: "report",
    subjectId: options.facts.id,
    data: { ...data, recipients: rows.map((r) => r.key.fingerprint) },
    occurredAt: options.now,
  });
  return created;
}

export function armoredMessage(text: string, field: string, what: string, maxBytes: number): string {
  const message = `${text.replaceAll("\r\n", "\n").trim()}\n`;
  if (!message.startsWith("-----BEGIN PGP MESSAGE-----")) {
    throw new AppError(AppErrorCode.BAD_INPUT, `${what} is not an encrypted OpenPGP message.`, { field });
  }
  // The database holds at most `maxBytes` (a check constraint): refused here in words, never there as a 500.
  if (Buffer.byteLength(message, "utf8") > maxBytes) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, `${what} is too long.`, { field });
  }
  return message;
}

export function notFound(what: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `There is no such ${what} in this case.`);
}

/** A branch of this case, by id; NOT_FOUND for a malformed id, a missing one or one of another case. */
export async function branchOfCase(tx: DbTx, caseId: string, branchId: string) {
  const branch = isUuid(branchId)
    ? await tx.releaseBranch.findFirst({
        where: { id: branchId, caseId },
        select: {
          id: true,
          name: true,
          _count: { select: { commits: true } },
          patch: { select: { id: true } },
        },
      })
    : null;
  if (!branch) throw notFound("release branch");
  return branch;
}

/** A fix commit of this case, by id; NOT_FOUND otherwise. */
export async function commitOfCase(tx: DbTx, caseId: string, commitId: string) {
  const commit = isUuid(commitId)
    ? await tx.fixCommit.findFirst({
        where: { id: commitId, caseId },
        select: {
          id: true,
          sha: true,
          authorId: true,
          branchId: true,
          lgtms: { select: { userId: true, at: true } },
        },
      })
    : null;
  if (!commit) throw notFound("fix commit");
  return commit;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
