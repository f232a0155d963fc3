import { appendAuditEvent, type Db } from "@disclose/db";
import { formatUtc, forthcomingFixNoticeRefusal, hasControlCharacters } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { apiEnv } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { enqueueAnnouncement } from "../announcements/enqueue-announcement";
import { authorizeCase } from "../cases/case-access";
import { noticeContextOf, SANE_FUTURE_MS, updateCase } from "./release-case";

/** Where a public notice lives: an https page (the project's public issue), never script or plain http. */
export const ZPublicHttpsUrl = z
  .string()
  .trim()
  .min(1, "Enter where the notice was published.")
  .max(2000, "A link is at most 2,000 characters.")
  .refine((s) => !hasControlCharacters(s), "Remove the control characters from the link.")
  .refine((s) => {
    try {
      const url = new URL(s);
      return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "Enter the notice's https:// link, such as https://github.com/org/project/issues/123.");

export const ZRecordNoticeInput = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
  url: ZPublicHttpsUrl,
  publishedAt: z.date({ error: "Enter when the notice was published." }),
  expectedReleaseAt: z.date({ error: "Enter the release date the notice gives." }),
  /** Also email the notice's link to the subscribers who asked for forthcoming-fix notices (first record only). */
  announce: z.boolean().default(false),
});
export type TRecordNoticeInput = z.input<typeof ZRecordNoticeInput>;

/**
 * Records where and when the forthcoming-fix notice was published, and the release date it promised (the
 * reporter's tracking page shows that date): the "users notified" milestone is done. Refused while the domain
 * says the notice may not be made yet. Recording again corrects the record; both are audited.
 */
export async function recordNoticePublished({
  db,
  session,
  input,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  input: TRecordNoticeInput;
  /** The wall clock, for the audit log. */
  now: Date;
  /** The case clock: milestones and the case's own dates. */
  caseNow: Date;
}): Promise<{ publishedAt: Date; url: string; expectedReleaseAt: Date; announced: number | null }> {
  const { facts } = await authorizeCase(db, session, input.reportId, "announcement.send");
  const refusal = forthcomingFixNoticeRefusal(noticeContextOf(facts, caseNow));
  if (refusal !== null) throw new AppError(AppErrorCode.CONFLICT, refusal);
  const publishedMs = input.publishedAt.getTime();
  if (publishedMs > caseNow.getTime()) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The notice cannot have been published in the future.", {
      field: "publishedAt",
    });
  }
  if (publishedMs < facts.reportedAt.getTime()) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "That is before the report arrived: enter when the notice was published.",
      { field: "publishedAt" },
    );
  }
  const expectedMs = input.expectedReleaseAt.getTime();
  if (expectedMs <= publishedMs) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The expected release comes after the notice.", {
      field: "expectedReleaseAt",
    });
  }
  if (expectedMs > caseNow.getTime() + SANE_FUTURE_MS) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The expected release is at most a year ahead.", {
      field: "expectedReleaseAt",
    });
  }
  return db.$transaction(async (tx) => {
    const before = await tx.case.findUnique({
      where: { id: facts.id },
      select: { noticePublishedAt: true },
    });
    await updateCase(
      tx,
      facts,
      {
        noticePublishedAt: input.publishedAt,
        noticeUrl: input.url,
        expectedReleaseAt: input.expectedReleaseAt,
      },
      caseNow,
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: before?.noticePublishedAt ? "case.notice_record_corrected" : "case.notice_published",
      subjectType: "report",
      subjectId: facts.id,
      // The notice is public by nature: where and when are worth keeping in the log.
      data: {
        url: input.url,
        publishedAt: input.publishedAt.toISOString(),
        expectedReleaseAt: input.expectedReleaseAt.toISOString(),
      },
      occurredAt: now,
    });
    // The email carries the public notice's link and the date only: the notice itself says what users need.
    let announced: number | null = null;
    if (input.announce && !before?.noticePublishedAt) {
      const when = formatUtc(input.expectedReleaseAt);
      const result = await enqueueAnnouncement(tx, {
        kind: "forthcoming",
        title: `A security release is expected on ${when}`,
        notice: `A fix for a security vulnerability will be released on ${when}. What it is about, which versions are affected and how to prepare until then: ${input.url}`,
        caseId: facts.id,
        actorId: session.userId,
        now,
        portalUrl: apiEnv().PORTAL_URL,
      });
      announced = result.recipients;
    }
    return {
      publishedAt: input.publishedAt,
      url: input.url,
      expectedReleaseAt: input.expectedReleaseAt,
      announced,
    };
  });
}
