import { randomUUID } from "node:crypto";
import type { TAdvisoryContent } from "@disclose/advisories";
import { type AnyTx, appendAuditEvent, txQuery } from "@disclose/db";
import { hasControlCharacters, hasControlCharactersInText } from "@disclose/domain";
import { EMAIL_LIMITS, enqueueEmails, renderEmail, type TEmailMessage, ZEmailMessage } from "@disclose/email";
import { escapeHtml, type RenderedEmail } from "@disclose/email/templates";
import { authSecrets } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { announcementEmailData, type TAnnouncementMeta } from "./announcement-text";
import { ANNOUNCEMENT_LIMITS } from "./limits";
import { oneClickUnsubscribeUrl, unsubscribePageUrl, unsubscribeTokenWith } from "./subscriber-tokens";

export type TEnqueueAnnouncementInput = {
  caseId: string | null;
  /** The person who published (the audit's actor); null for the system. */
  actorId: string | null;
  now: Date;
  /** The portal's public URL, the unsubscribe links' base (PORTAL_URL). */
  portalUrl: string;
} & (
  | {
      kind: "release";
      /** The published advisory's row id (announcements.advisory_id). */
      advisoryId: string | null;
      content: TAdvisoryContent;
      /** projectName defaults to the deployment's setting. */
      meta: Omit<TAnnouncementMeta, "projectName"> & { projectName?: string };
    }
  | {
      kind: "forthcoming";
      /** One line, e.g. "Security release of coredns 1.12.3 on 10 December". */
      title: string;
      /** The notice as written (plain text): never the vulnerability's details. */
      notice: string;
      projectName?: string;
    }
);

// The rendered email carries a mark instead of a link, replaced per subscriber: the template is rendered once for
// ten thousand subscribers. Random per announcement, so no advisory text can contain it; no character in it is
// escaped by HTML, so it reads the same in both parts.
const linkMark = () => `https://unsubscribe.invalid/${randomUUID()}`;

/** The outbox's own check of an address, so that one stored address it would refuse cannot stop the rest. */
const isSendable = (email: string) => ZEmailMessage.shape.to.safeParse(email).success;

const bad = (field: string, message: string) => new AppError(AppErrorCode.BAD_INPUT, message, { field });

/** The forthcoming-fix notice as written by a person: a one-line title and a bounded plain text. */
function checkNotice({ title, notice }: { title: string; notice: string }): void {
  if (title.trim() === "") throw bad("title", "Give the notice a title.");
  if (title.length > 150) throw bad("title", "The notice's title is at most 150 characters.");
  if (hasControlCharacters(title))
    throw bad("title", "The notice's title is one line, without control characters.");
  if (notice.trim() === "") throw bad("notice", "Write the notice.");
  if (notice.length > ANNOUNCEMENT_LIMITS.notice) {
    throw bad("notice", `The notice is at most ${ANNOUNCEMENT_LIMITS.notice} characters.`);
  }
  if (hasControlCharactersInText(notice)) {
    throw bad("notice", "The notice cannot contain control characters (other than line breaks and tabs).");
  }
}

/** The project's name as projectNameOf reads it, in either kind of transaction. */
async function projectNameIn(tx: AnyTx): Promise<string> {
  const [row] = await txQuery<{ project_name: string }>(tx, "SELECT project_name FROM settings WHERE id = 1");
  return row?.project_name.trim() || "Disclose";
}

/**
 * Writes an announcement and its emails inside the caller's transaction: the `announcements` row, one email per
 * confirmed subscriber (for the forthcoming-fix notice, only those who asked for it), each with its own
 * unsubscribe link in the text, and the RFC 2369 / RFC 8058 headers `List-Unsubscribe: <one-click URL>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (and an RFC 2919 List-Id); and an audit event with counts
 * only. Set-based so that ten thousand subscribers take seconds: one query for the subscribers, one HMAC each,
 * batched inserts. A stored address the outbox would refuse is skipped (not counted), not fatal to the rest.
 */
export async function enqueueAnnouncement(
  tx: AnyTx,
  input: TEnqueueAnnouncementInput,
): Promise<{ announcementId: string; recipients: number; subject: string }> {
  const projectName =
    (input.kind === "release" ? input.meta.projectName : input.projectName) ?? (await projectNameIn(tx));
  if (input.kind === "forthcoming") checkNotice(input);
  const LINK_MARK = linkMark();
  const rendered: RenderedEmail =
    input.kind === "release"
      ? renderEmail(
          "announcement",
          announcementEmailData(input.content, { ...input.meta, projectName }, LINK_MARK),
        )
      : renderEmail("announcementNotice", {
          projectName,
          title: input.title,
          notice: input.notice,
          unsubscribeUrl: LINK_MARK,
        });

  // A long title must not refuse every email (the outbox caps subjects): the subject is cut, the text is whole.
  if (rendered.subject.length > EMAIL_LIMITS.subject) {
    rendered.subject = `${rendered.subject.slice(0, EMAIL_LIMITS.subject - 1).trimEnd()}…`;
  }
  const subscribers = await txQuery<{ id: string; email: string }>(
    tx,
    `SELECT id::text AS id, email FROM announcement_subscribers
      WHERE status = 'confirmed' ${input.kind === "forthcoming" ? "AND forthcoming_notices" : ""}
      ORDER BY id`,
  );
  const secret = authSecrets().current;
  // RFC 2919: one stable id for this deployment's list, so mail filters can sort it (ASCII: the host in punycode).
  const listId = `<security-announcements.${new URL(input.portalUrl).hostname}>`;
  const messages: TEmailMessage[] = subscribers
    .filter((s) => isSendable(s.email))
    .map((s) => {
      const token = unsubscribeTokenWith(secret, s.id);
      const page = unsubscribePageUrl(input.portalUrl, s.id, token);
      return {
        to: s.email,
        subject: rendered.subject,
        text: rendered.text.replaceAll(LINK_MARK, page),
        html: rendered.html.replaceAll(LINK_MARK, escapeHtml(page)),
        headers: {
          "List-Unsubscribe": `<${oneClickUnsubscribeUrl(input.portalUrl, s.id, token)}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": listId,
        },
      };
    });
  await enqueueEmails(tx, messages);

  const announcementId = randomUUID();
  // What was sent, as the record keeps it: the text without anyone's own link.
  const genericLink = `${input.portalUrl.replace(/\/+$/, "")}/announcements/unsubscribe`;
  await txQuery(
    tx,
    `INSERT INTO announcements (id, advisory_id, case_id, kind, subject, text_body, recipients, sent_by_id, sent_at)
     VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::int, $8, $9)`,
    [
      announcementId,
      input.kind === "release" ? input.advisoryId : null,
      input.caseId,
      input.kind,
      rendered.subject,
      rendered.text.replaceAll(LINK_MARK, genericLink),
      messages.length,
      input.actorId,
      input.now,
    ],
  );
  await appendAuditEvent(tx, {
    actorId: input.actorId,
    actorKind: input.actorId === null ? "system" : "user",
    action: "announcement.sent",
    subjectType: "announcement",
    subjectId: announcementId,
    data: {
      kind: input.kind,
      recipients: messages.length,
      advisoryId: input.kind === "release" ? input.advisoryId : null,
      caseId: input.caseId,
    },
    occurredAt: input.now,
  });
  return { announcementId, recipients: messages.length, subject: rendered.subject };
}
