import { html, safeUrl } from "./html";
import { layout } from "./layout";
import { itemsHtml, itemText, NO_CONTENT_NOTE, type ReminderItem, whenText } from "./reminder-items";
import type { RenderedEmail } from "./types";

export interface CaseReminderData {
  /** "acknowledgement": a report still waits for its acknowledgement; "reminder": milestones of a case. */
  kind: "acknowledgement" | "reminder";
  /** A public disclosure: marked URGENT in the subject. */
  urgent: boolean;
  /** What is due on this one case (at least one item, all of the same case). */
  items: ReminderItem[];
  /** Where a person chooses to get reminders in the daily digest only. */
  preferencesUrl: string;
}

/**
 * To the Fix Lead and the PST when milestones of a case are due soon or overdue, and to the PST before a report's
 * acknowledgement clock runs out. Once per milestone, status and due date (sent_alerts). Only the case's short
 * id, the milestone's name, its status and due time, the case's state and a link: never the report's content.
 */
export function caseReminder(data: CaseReminderData): RenderedEmail {
  const [first] = data.items;
  if (!first) throw new RangeError("A reminder names at least one item.");
  const noun = data.kind === "acknowledgement" ? "Report" : "Case";
  const overdue = data.items.filter((i) => i.status === "overdue").length;
  const what =
    data.items.length === 1
      ? `${first.label}, ${whenText(first)}`
      : overdue > 0
        ? `${overdue} overdue, ${data.items.length - overdue} due soon`
        : `${data.items.length} milestones due soon`;
  const subject = `${data.urgent ? "URGENT: " : ""}${noun} ${first.caseShortId}: ${what}`;
  const text = [
    `${noun} ${first.caseShortId} (${first.caseState}) needs attention:`,
    ...data.items.map((item) => itemText(item, false)),
    "",
    `Open it: ${first.caseUrl}`,
    NO_CONTENT_NOTE,
    "",
    `Rather get reminders once a day in a digest? Choose it under People: ${data.preferencesUrl}`,
  ].join("\n");
  const body = html`<p>${noun} <code>${first.caseShortId}</code> (${first.caseState}) needs attention:</p>
${itemsHtml(data.items, false)}
<p><a href="${safeUrl(first.caseUrl)}">Open the ${noun.toLowerCase()}</a>. ${NO_CONTENT_NOTE}</p>
<p style="color: #666; font-size: 0.85rem">Rather get reminders once a day in a digest?
<a href="${safeUrl(data.preferencesUrl)}">Choose it under People</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
