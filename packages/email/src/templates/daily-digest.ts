import { html, safeUrl } from "./html";
import { layout } from "./layout";
import { itemsHtml, itemText, NO_CONTENT_NOTE, type ReminderItem } from "./reminder-items";
import type { RenderedEmail } from "./types";

export interface DailyDigestData {
  /** The UTC day the digest covers. */
  day: Date;
  /** Everything due soon or overdue on the person's cases, most pressing first (at least one). */
  items: ReminderItem[];
  /** Where a person chooses between single reminders and the digest only. */
  preferencesUrl: string;
}

/**
 * Once a day per person: what is due soon or overdue across their cases (every open case for the PST, the cases
 * they lead for a Fix Lead). Case short ids, milestone names, statuses, due times, states and links only.
 */
export function dailyDigest(data: DailyDigestData): RenderedEmail {
  const day = data.day.toISOString().slice(0, 10);
  const overdue = data.items.filter((i) => i.status === "overdue").length;
  const count = `${data.items.length} ${data.items.length === 1 ? "item" : "items"} due`;
  const subject = `Disclose daily digest for ${day}: ${count}${overdue > 0 ? ` (${overdue} overdue)` : ""}`;
  const text = [
    `What is due on your cases today (${day}, times in UTC):`,
    ...data.items.map((item) => itemText(item, true)),
    "",
    NO_CONTENT_NOTE,
    "",
    `Choose between single reminders and this digest only under People: ${data.preferencesUrl}`,
  ].join("\n");
  const body = html`<p>What is due on your cases today (${day}, times in UTC):</p>
${itemsHtml(data.items, true)}
<p>${NO_CONTENT_NOTE}</p>
<p style="color: #666; font-size: 0.85rem">Choose between single reminders and this digest only
<a href="${safeUrl(data.preferencesUrl)}">under People</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
