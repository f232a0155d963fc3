import { html, safeUrl } from "./html";
import { layout } from "./layout";
import { itemsHtml, itemText, NO_CONTENT_NOTE, type ReminderItem } from "./reminder-items";
import type { RenderedEmail } from "./types";

export interface DailyDigestData {
  /** The UTC day the digest covers. */
  day: Date;
  /** Everything due soon or overdue on the person's cases, most pressing first (none: a PST member's calm day). */
  items: ReminderItem[];
  /** Where a person chooses between single reminders and the digest only. */
  preferencesUrl: string;
  /**
   * The audit chain's head, in every PST member's digest (null: the log is still empty). A copy outside the
   * server: `pnpm audit:verify --head` against it later proves the log was not rewritten.
   */
  auditHead?: { seq: bigint | string; hash: string } | null;
}

/** The digest's line that carries the audit chain's head out of the server. */
export function auditHeadText(head: { seq: bigint | string; hash: string }): string {
  return `Audit log head: #${head.seq} ${head.hash} — keep this email; \`pnpm audit:verify --head ${head.seq}:${head.hash}\` later proves the log was not rewritten.`;
}

/**
 * Once a day per person: what is due soon or overdue across their cases (every open case for the PST, the cases
 * they lead for a Fix Lead). Case short ids, milestone names, statuses, due times, states and links only; for the
 * PST, also the audit chain's head (hashes are no content).
 */
export function dailyDigest(data: DailyDigestData): RenderedEmail {
  const day = data.day.toISOString().slice(0, 10);
  const overdue = data.items.filter((i) => i.status === "overdue").length;
  const count =
    data.items.length === 0
      ? "nothing due"
      : `${data.items.length} ${data.items.length === 1 ? "item" : "items"} due`;
  const subject = `Disclose daily digest for ${day}: ${count}${overdue > 0 ? ` (${overdue} overdue)` : ""}`;
  const head =
    data.auditHead === undefined
      ? null
      : data.auditHead === null
        ? "Audit log head: the log is still empty."
        : auditHeadText(data.auditHead);
  const due =
    data.items.length === 0
      ? [`Nothing is due on your cases today (${day}).`]
      : [
          `What is due on your cases today (${day}, times in UTC):`,
          ...data.items.map((i) => itemText(i, true)),
        ];
  const text = [
    ...due,
    "",
    NO_CONTENT_NOTE,
    ...(head ? ["", head] : []),
    "",
    `Choose between single reminders and this digest only under People: ${data.preferencesUrl}`,
  ].join("\n");
  const body = html`${
    data.items.length === 0
      ? html`<p>Nothing is due on your cases today (${day}).</p>`
      : html`<p>What is due on your cases today (${day}, times in UTC):</p>
${itemsHtml(data.items, true)}`
  }
<p>${NO_CONTENT_NOTE}</p>
${head ? html`<p style="font-family: monospace; word-break: break-all">${head}</p>` : ""}
<p style="color: #666; font-size: 0.85rem">Choose between single reminders and this digest only
<a href="${safeUrl(data.preferencesUrl)}">under People</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
