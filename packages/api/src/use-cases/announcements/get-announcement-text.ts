import { ZAdvisoryContent } from "@disclose/advisories";
import type { Db } from "@disclose/db";
import { renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { projectNameOf } from "../early-disclosure/notify-organization";
import { assertMayViewAnnouncements } from "./announcement-access";
import { announcementEmailData, announcementSubject, announcementText } from "./announcement-text";

export const ZAnnouncementTextInput = z.object({ advisoryPublicId: z.string().min(1).max(64) });

export const ZAnnouncementText = z.object({
  advisoryPublicId: z.string(),
  subject: z.string(),
  /** Ready to post on other channels (plain text, light Markdown). */
  text: z.string(),
  /** The email subscribers get, as text (with a placeholder for their own unsubscribe link). */
  emailPreview: z.string(),
  withdrawn: z.boolean(),
});
export type TAnnouncementText = z.infer<typeof ZAnnouncementText>;

const notFound = () => new AppError(AppErrorCode.NOT_FOUND, "No published advisory has this id.");

/** The ready-to-post text of a published advisory, and a preview of its announcement email, for the PST. */
export async function getAnnouncementText({
  db,
  session,
  portalUrl,
  advisoryPublicId,
}: {
  db: Db;
  session: SessionInfo;
  portalUrl: string;
  advisoryPublicId: string;
}): Promise<TAnnouncementText> {
  assertMayViewAnnouncements(session);
  const advisory = await db.advisory.findUnique({
    where: { publicId: advisoryPublicId },
    select: { publicId: true, content: true, withdrawnAt: true },
  });
  if (!advisory) throw notFound();
  // Stored only after every export of it was checked, so it parses; a row that does not is not offered.
  const content = ZAdvisoryContent.safeParse(advisory.content);
  if (!content.success) throw notFound();
  const base = portalUrl.replace(/\/+$/, "");
  const meta = {
    id: advisory.publicId,
    projectName: await projectNameOf(db),
    url: `${base}/advisories/${encodeURIComponent(advisory.publicId)}`,
  };
  const email = renderEmail(
    "announcement",
    announcementEmailData(content.data, meta, `${base}/announcements/unsubscribe?s=…&t=…`),
  );
  return {
    advisoryPublicId: advisory.publicId,
    subject: announcementSubject(content.data, meta),
    text: announcementText(content.data, meta),
    emailPreview: email.text,
    withdrawn: advisory.withdrawnAt !== null,
  };
}
