import { z } from "zod";

/** Whether the distributor's package is affected by the issue. */
export const FEEDBACK_STATUSES = ["affected", "not-affected", "unknown"] as const;
/** What its review and tests found. "Nothing found" is "tested-fine", and counts: the policy asks for it too. */
export const FEEDBACK_RESULTS = ["tested-fine", "issues-found", "not-tested"] as const;

export const ZFeedbackStatus = z.enum(FEEDBACK_STATUSES, {
  error: 'Choose "affected", "not affected" or "unknown".',
});
export const ZFeedbackResult = z.enum(FEEDBACK_RESULTS, {
  error: 'Choose "tested fine", "issues found" or "not tested".',
});
export type TFeedbackStatus = z.infer<typeof ZFeedbackStatus>;
export type TFeedbackResult = z.infer<typeof ZFeedbackResult>;
