import type { Db } from "@disclose/db";
import { forthcomingFixNotice, ZForthcomingFixNoticeInput } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { loadCaseTimeline } from "../cases/case-timeline";
import { noticeContextOf } from "./release-case";

/**
 * What the Fix Lead chooses to publish. The severity is not among it: the notice states the case's own score (the
 * Fix Lead's call, the highest of its vulnerabilities), read from the case.
 */
export const ZNoticeTextInput = ZForthcomingFixNoticeInput.omit({ cvssScore: true }).extend({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});
export type TNoticeTextInput = z.infer<typeof ZNoticeTextInput>;

export const ZNoticeText = z.object({ title: z.string(), body: z.string() });
export type TNoticeText = z.infer<typeof ZNoticeText>;

/**
 * The public text announcing a forthcoming fix, ready to copy, from the domain's template and only what the Fix
 * Lead typed: nothing is stored (it is published outside Disclose) and nothing secret is read, so nothing is audited.
 */
export async function noticeText({
  db,
  session,
  input,
  caseNow: now,
}: {
  db: Db;
  session: SessionInfo;
  input: TNoticeTextInput;
  /** The case clock. */
  caseNow: Date;
}): Promise<TNoticeText> {
  const { facts } = await authorizeCase(db, session, input.reportId, "announcement.send");
  const timeline = await loadCaseTimeline(db, facts.id, now);
  const { reportId: _, ...notice } = input;
  const result = forthcomingFixNotice(
    { ...notice, cvssScore: timeline?.cvss?.score ?? null },
    noticeContextOf(facts, now),
  );
  if (!result.ok) {
    const field = result.reason.includes("expected release")
      ? "expectedReleaseAt"
      : result.reason.includes("mitigation steps")
        ? "mitigationSteps"
        : undefined;
    throw new AppError(AppErrorCode.BAD_INPUT, result.reason, field ? { field } : {});
  }
  return { title: result.title, body: result.body };
}
