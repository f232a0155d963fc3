import type { DbTx } from "@disclose/db";
import { can, mayHold, PUBLIC_STATES, type TActor, type TCaseFacts } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeWorkspace } from "../workspace/workspace-access";

export { ZReportId } from "../workspace/workspace-access";

/** What the database holds at most (advisory_drafts_ciphertext_check). */
export const DRAFT_CIPHERTEXT_MAX_BYTES = 1024 * 1024;
/** What the database holds at most (advisory_comments_ciphertext_check). */
export const COMMENT_CIPHERTEXT_MAX_BYTES = 256 * 1024;

export const ZRevisionSummary = z
  .string()
  .trim()
  .min(1, "Say what this revision changes (e.g. “Initial release”).")
  .max(500, "Say it in at most 500 characters.");

/**
 * The case if the caller may work on its advisory draft: the PST, its Fix Lead and Fix Team (who hold the
 * case's sealed items), on a case. Anyone else gets the NOT_FOUND of a case they cannot see.
 */
export async function authorizeAdvisory(
  tx: DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const { facts, actor } = await authorizeWorkspace(tx, session, reportId);
  if (!mayHold(actor, "advisory-draft", facts)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only the PST and this case's Fix Team work on its advisory.");
  }
  return { facts, actor };
}

/** Why the caller may not publish (or revise) the case's advisory now, or null. */
export function publishRefusal(actor: TActor, facts: TCaseFacts): string | null {
  if (!can(actor, "advisory.publish", { kind: "case", case: facts })) {
    return "The case's Fix Lead publishes its advisory.";
  }
  if (!(PUBLIC_STATES as readonly string[]).includes(facts.state)) {
    return "The advisory is published when the case is released (mark it released on Notice & release).";
  }
  return null;
}

/** Refuses publishing (or withdrawing): FORBIDDEN for anyone but the Fix Lead, CONFLICT before the release. */
export function assertMayPublish(actor: TActor, facts: TCaseFacts): void {
  const refusal = publishRefusal(actor, facts);
  if (!refusal) return;
  const code = can(actor, "advisory.publish", { kind: "case", case: facts })
    ? AppErrorCode.CONFLICT
    : AppErrorCode.FORBIDDEN;
  throw new AppError(code, refusal);
}

/** Why the caller may not save a draft now, or null: drafts are written until the case is closed. */
export function draftRefusal(actor: TActor, facts: TCaseFacts): string | null {
  if (!mayHold(actor, "advisory-draft", facts))
    return "Only the PST and this case's Fix Team write its advisory.";
  if (facts.state === "closed") return "This case is closed: its advisory draft is a record now.";
  return null;
}
