import { type Db, txQuery } from "@disclose/db";
import { z } from "zod";
import { findReportIdByToken } from "../reports/tracking-token";
import { erasePersonalDataOf } from "./erase-personal-data";

export const ZErasureOnRequest = z.object({
  /** Whether this request erased anything; false when an earlier one (or retention) already had. */
  erasedNow: z.boolean(),
  /** The address for updates was erased by this request. */
  notifyEmail: z.boolean(),
  /** Emails to the reporter (sent or waiting) whose address and text this request erased. */
  outboxMessages: z.number().int(),
  /** When the reporter's personal data was last erased; null if there never was any. */
  erasedAt: z.date().nullable(),
});
export type TErasureOnRequest = z.infer<typeof ZErasureOnRequest>;

/**
 * The reporter, from their tracking page, has their personal data erased now instead of after retention: the
 * address for updates (so no more emails) and every email to them, including any not yet sent. The holder of the
 * tracking token only (any bad token: the same NOT_FOUND as everywhere). Repeating it is harmless: it says that
 * nothing was left to erase and adds nothing to the audit log. The encrypted report and thread and the case
 * record stay; the team can still answer through the tracking page.
 */
export async function erasePersonalDataOnRequest({
  db,
  now,
  token,
}: {
  db: Db;
  now: Date;
  token: string;
}): Promise<TErasureOnRequest> {
  const reportId = await findReportIdByToken({ db, token });
  return db.$transaction(async (tx) => {
    const erased = await erasePersonalDataOf(tx, {
      reportId,
      reason: "reporter request",
      includePending: true,
      now,
    });
    const [row] = await txQuery<{ erased_at: Date | null }>(
      tx,
      "SELECT personal_data_erased_at AS erased_at FROM reports WHERE id = $1::uuid",
      [reportId],
    );
    return {
      erasedNow: erased.notifyEmail || erased.outboxMessages > 0,
      ...erased,
      erasedAt: row?.erased_at ?? null,
    };
  });
}
