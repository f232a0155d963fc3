import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface RecoveryNoticeData {
  /** What happened to the person's recovery request. */
  event: "requested" | "approval" | "approved" | "completed" | "cancelled";
  /** Who approved or cancelled (a name), and in which capacity for an approval ("an admin"). */
  by?: string;
  capacity?: string;
  /** Until when the request (or, once approved, the enrolment) stays open. */
  expiresAt?: Date;
  /** The account page in the admin app (needs a session: nothing secret). */
  accountUrl: string;
}

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

const SUBJECTS: Record<RecoveryNoticeData["event"], string> = {
  requested: "Account recovery was requested for your account",
  approval: "Your account recovery got an approval",
  approved: "Your account recovery is approved: set up a new authenticator",
  completed: "Your account recovery is complete",
  cancelled: "Your account recovery was cancelled",
};

const NOT_YOU =
  "If this was not you, tell an admin at once: someone who can read your email may be trying to take over your account.";

function paragraphs(data: RecoveryNoticeData): string[] {
  const until = data.expiresAt ? utc(data.expiresAt) : null;
  switch (data.event) {
    case "requested":
      return [
        "Someone signed in to your account with a link sent to this address and asked to recover it, saying every second factor (authenticator, passkeys, recovery codes) is lost.",
        `An admin and a PST member will confirm with you, by a call or in person, before they approve. The request lapses at ${until ?? "its expiry"} if they do not.`,
        NOT_YOU,
      ];
    case "approval":
      return [
        `${data.by ?? "Someone"} approved your account recovery as ${data.capacity ?? "an approver"}.`,
        "It needs one more approval, from someone with the other role, before you can set up a new authenticator.",
        NOT_YOU,
      ];
    case "approved":
      return [
        `${data.by ?? "Someone"} gave the second approval, as ${data.capacity ?? "an approver"}: your old second factors are removed and every session that had passed them is signed out.`,
        `Set up a new authenticator from the second-factor page before ${until ?? "the recovery lapses"}: sign in with a link if you need to.`,
        NOT_YOU,
      ];
    case "completed":
      return [
        "You set up a new authenticator: your account recovery is complete. Keep your new recovery codes somewhere safe.",
        NOT_YOU,
      ];
    case "cancelled":
      return [
        data.by ? `${data.by} cancelled your account recovery.` : "Your account recovery was cancelled.",
        "If you still need to recover your account, sign in and ask again.",
        NOT_YOU,
      ];
  }
}

/** To the person whose account is being recovered, at their address, at every step. Never a code or a link that signs in. */
export function recoveryNotice(data: RecoveryNoticeData): RenderedEmail {
  const subject = SUBJECTS[data.event];
  const lines = paragraphs(data);
  const text = ["Hello,", "", ...lines.flatMap((l) => [l, ""]), `Your account: ${data.accountUrl}`].join(
    "\n",
  );
  const body = html`<p>Hello,</p>
${lines.map((l) => html`<p>${l}</p>`)}
<p><a href="${safeUrl(data.accountUrl)}">Your account</a></p>`;
  return { subject, text, html: layout(subject, body).value };
}
