import { html, type SafeHtml, safeUrl } from "./html";

/**
 * One thing due on a case, as a reminder or the daily digest shows it. Nothing of the vulnerability: the case's
 * short id and link, the policy's name of the milestone, its status, its due time (UTC) and the case's state.
 */
export interface ReminderItem {
  /** The case's short id as the admin app shows it (its first 8 hex digits). */
  caseShortId: string;
  /** The case's page in the admin app (nothing secret: it needs a session and a key). */
  caseUrl: string;
  /** The case's state as the admin app names it ("Fix in progress"). */
  caseState: string;
  /** The policy's name of what is due ("Fix Team formed", "Acknowledge the report"). */
  label: string;
  status: "due-soon" | "overdue";
  due: Date;
  /** Due as soon as possible: the issue is public. */
  asap: boolean;
}

export const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** "overdue since 2026-12-02 12:00 UTC", "due soon: by 2026-12-08 12:00 UTC", "overdue: as soon as possible …". */
export function whenText(item: Pick<ReminderItem, "status" | "due" | "asap">): string {
  if (item.asap)
    return `${item.status === "overdue" ? "overdue" : "due"}: as soon as possible (the issue is public)`;
  return item.status === "overdue" ? `overdue since ${utc(item.due)}` : `due soon: by ${utc(item.due)}`;
}

export function itemText(item: ReminderItem, withCase: boolean): string {
  const where = withCase ? `Case ${item.caseShortId} (${item.caseState}): ` : "";
  return `- ${where}${item.label}, ${whenText(item)}${withCase ? ` ${item.caseUrl}` : ""}`;
}

export function itemsHtml(items: readonly ReminderItem[], withCase: boolean): SafeHtml {
  return html`<ul>${items.map(
    (item) =>
      html`<li>${
        withCase
          ? html`<a href="${safeUrl(item.caseUrl)}">Case <code>${item.caseShortId}</code></a> (${item.caseState}): `
          : ""
      }<strong>${item.label}</strong>, ${whenText(item)}</li>`,
  )}</ul>`;
}

export const NO_CONTENT_NOTE =
  "The case's content is end-to-end encrypted, so this email cannot hold it: open the case in Disclose.";
