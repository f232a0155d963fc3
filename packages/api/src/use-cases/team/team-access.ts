import type { DbTx } from "@disclose/db";
import { mayHold, type TActor, type TCaseFacts } from "@disclose/domain";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadCaseReaders, type TCaseReader } from "../access/case-readers";
import { authorizeCase } from "../cases/case-access";

/**
 * The case if the caller may take part in its team discussion: the PST, its Fix Lead and its Fix Team (the
 * domain's holders of "team-message"). Someone who may not see the case gets the same NOT_FOUND as for no case;
 * one who sees it but holds no team messages (the Fix Team once the case closes) gets FORBIDDEN.
 */
export async function authorizeTeamDiscussion(
  tx: DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const { facts, actor } = await authorizeCase(tx, session, reportId, "fix.read");
  if (!mayHold(actor, "team-message", facts)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "You do not take part in this case's team discussion.");
  }
  return { facts, actor };
}

/** The people who may read the case's team discussion now (with their current keys, if any). */
export async function teamReaders(tx: DbTx, facts: TCaseFacts, now: Date): Promise<TCaseReader[]> {
  return (await loadCaseReaders(tx, facts, now)).filter((r) => mayHold(r.actor, "team-message", facts));
}
