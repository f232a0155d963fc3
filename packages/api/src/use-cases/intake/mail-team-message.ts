import { type AnyTx, txQuery } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { serveItem, type TKeyPacketRow } from "../access/key-packets";
import { linkReporterEmail } from "../retention/reporter-emails";
import { newReplyAddress, securityAddress } from "./reply-address";

/** How a team message reaches a reporter who wrote by email; null for a report from the portal. */
export type TMailedAs = "encrypted" | "in clear" | null;

/** What the team member's browser sends beside the thread's ciphertext for a reporter who wrote by email. */
export interface TClearReply {
  /** The reply as written: sent in clear only for a reporter whose mail carried no key. */
  text: string;
  /** The member confirmed the warning that this reply goes unencrypted. */
  confirmed: boolean;
}

/**
 * Sends a team message of the thread to a reporter who wrote by email, in the message's transaction. Encrypted
 * (PGP/MIME) to the key their mail carried when there is one: the message as stored, with only the reporter's own
 * session-key packet (the server never decrypts it). Without a key, only in clear and only when the member
 * confirmed so; else refused (nothing is stored either). Each mail carries a fresh reply address.
 */
export async function mailTeamMessage(
  tx: AnyTx,
  {
    reportId,
    message,
    rows,
    clear,
    now,
  }: { reportId: string; message: string; rows: readonly TKeyPacketRow[]; clear?: TClearReply; now: Date },
): Promise<TMailedAs> {
  const [report] = await txQuery<{ source: string; email_from: string | null; key: string | null }>(
    tx,
    `SELECT source, email_from, email_reporter_key_fingerprint AS key FROM reports WHERE id = $1::uuid`,
    [reportId],
  );
  if (report?.source !== "email") return null;
  if (!report.email_from) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "The reporter's address was erased, so no message can reach them any more.",
      { field: "message" },
    );
  }
  let content: { pgpEncrypted: string; clearText: null } | { clearText: string };
  if (report.key) {
    const own = rows.find((r) => r.key.reader === "reporter" && r.key.fingerprint === report.key);
    const served = own ? await serveItem(message, [own.packets]) : null;
    if (!served) {
      throw new AppError(AppErrorCode.BAD_INPUT, "This is not encrypted to the reporter's key.", {
        field: "message",
      });
    }
    content = { pgpEncrypted: served, clearText: null };
  } else {
    if (!clear?.confirmed || !clear.text.trim()) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "This reporter sent no OpenPGP key, so the reply can only go by email unencrypted. Confirm that to send it.",
        { field: "sendInClear" },
      );
    }
    content = { clearText: clear.text };
  }
  const security = securityAddress();
  const { html, ...rendered } = renderEmail("teamReply", { clearText: content.clearText });
  const { id } = await enqueueEmail(tx, {
    to: report.email_from,
    ...rendered,
    // PGP/MIME carries only its encrypted part.
    ...("pgpEncrypted" in content ? { pgpEncrypted: content.pgpEncrypted } : { html }),
    ...(security ? { headers: { "Reply-To": await newReplyAddress(tx, { reportId, security, now }) } } : {}),
  });
  await linkReporterEmail(tx, { reportId, outboxMessageId: id });
  return report.key ? "encrypted" : "in clear";
}

/** A decision on a report by email, told to its reporter by email: the state only, with a fresh reply address. */
export async function mailReportState(
  tx: AnyTx,
  { reportId, to, stateLabel }: { reportId: string; to: string; stateLabel: string },
): Promise<void> {
  const security = securityAddress();
  const { id } = await enqueueEmail(tx, {
    to,
    ...renderEmail("reportStateByMail", { stateLabel }),
    ...(security
      ? { headers: { "Reply-To": await newReplyAddress(tx, { reportId, security, now: new Date() }) } }
      : {}),
  });
  await linkReporterEmail(tx, { reportId, outboxMessageId: id });
}
