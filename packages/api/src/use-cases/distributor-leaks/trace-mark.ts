import { appendAuditEvent, type Db } from "@disclose/db";
import { isMarkCode } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertPst } from "./remove-person";

export const ZTraceMarkInput = z.object({
  /** The mark the PST's browser read from a leaked file; the file itself never comes here. */
  mark: z.string().trim().max(64, "A mark has 12 characters."),
});

export const ZTraceResult = z.object({
  organization: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
});

/** Which organisation's copies carry this mark (the PST only). Audited, found or not. */
export async function traceMark({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZTraceMarkInput>;
  now: Date;
}): Promise<z.infer<typeof ZTraceResult>> {
  assertPst(session);
  const mark = input.mark.toUpperCase();
  if (!isMarkCode(mark)) {
    throw new AppError(AppErrorCode.BAD_INPUT, "A mark is 12 letters A–Z and digits 2–7.", { field: "mark" });
  }
  return db.$transaction(async (tx) => {
    const organization = await tx.distributorOrganization.findUnique({
      where: { markCode: mark },
      select: { id: true, name: true, status: true },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.mark_traced",
      subjectType: "organization",
      subjectId: organization?.id ?? null,
      data: { mark, found: organization !== null },
      occurredAt: now,
    });
    return { organization };
  });
}
