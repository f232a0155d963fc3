import { createHash, randomBytes } from "node:crypto";
import { type AnyTx, txQuery } from "@disclose/db";
import { replyAddressFor, tokenFromRecipients } from "@disclose/domain";
import { apiEnv } from "../../env";

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * The project's security address, which reporters write to and which reply addresses are made from: SECURITY_IMAP_URL's
 * `address=`, or its user name when that is an address. Null when mail intake is not set up (mail to reporters then
 * goes without a reply address: their answers can still join by In-Reply-To from the same address).
 */
export function securityAddress(imapUrl = apiEnv().SECURITY_IMAP_URL): string | null {
  if (!imapUrl) return null;
  let url: URL;
  try {
    url = new URL(imapUrl);
  } catch {
    return null;
  }
  const address = (url.searchParams.get("address") ?? decodeURIComponent(url.username)).trim().toLowerCase();
  return ADDRESS.test(address) ? address : null;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A fresh reply address for one mail to a report's reporter: the security address with "+r-<token>", the token
 * 130 random bits in lower-case base32 (servers that lower-case addresses keep it intact), stored only as its hash.
 */
export async function newReplyAddress(
  tx: AnyTx,
  { reportId, security, now }: { reportId: string; security: string; now: Date },
): Promise<string> {
  const bytes = randomBytes(26);
  const token = Array.from(bytes, (b) => BASE32[b % 32]).join("");
  await txQuery(
    tx,
    "INSERT INTO report_reply_tokens (token_hash, report_id, created_at) VALUES ($1, $2::uuid, $3)",
    [hashOf(token), reportId, now],
  );
  return replyAddressFor(security, token);
}

/** The report whose reply address one of these recipients is, or null. */
export async function reportOfReplyAddress(
  tx: AnyTx,
  { recipients, security }: { recipients: readonly string[]; security: string },
): Promise<string | null> {
  const token = tokenFromRecipients(recipients, security);
  if (!token) return null;
  const [row] = await txQuery<{ report_id: string }>(
    tx,
    "SELECT report_id::text AS report_id FROM report_reply_tokens WHERE token_hash = $1",
    [hashOf(token)],
  );
  return row?.report_id ?? null;
}
