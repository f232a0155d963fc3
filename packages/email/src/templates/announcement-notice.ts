import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface AnnouncementNoticeData {
  projectName: string;
  /** One line, e.g. "Security release of coredns 1.12.3 on 10 December". */
  title: string;
  /** The notice as the Fix Lead wrote it (plain text): when, which versions, how severe; never the details. */
  notice: string;
  unsubscribeUrl: string;
}

/** The forthcoming-fix notice, to the subscribers who asked for it: a fix is coming, get ready to upgrade. */
export function announcementNotice(data: AnnouncementNoticeData): RenderedEmail {
  const subject = `[${data.projectName} security] Forthcoming security fix: ${data.title}`;
  const text = [
    data.title,
    "",
    data.notice.trim(),
    "",
    "--",
    `You receive this because you asked for ${data.projectName}'s notices of forthcoming security fixes.`,
    `Unsubscribe: ${data.unsubscribeUrl}`,
  ].join("\n");
  const body = html`<h1 style="font-size: 1.25rem">${data.title}</h1>
${data.notice
  .trim()
  .split(/\n{2,}/)
  .map((p) => html`<p style="white-space: pre-wrap">${p.trim()}</p>`)}
<p style="color: #666; font-size: 0.85rem">You receive this because you asked for ${data.projectName}'s notices of
forthcoming security fixes. <a href="${safeUrl(data.unsubscribeUrl)}">Unsubscribe</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
