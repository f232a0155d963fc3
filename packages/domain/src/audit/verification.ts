/**
 * The audit chain's verifications, as rules: reading a head hash a person kept (the daily digest's line), and
 * when a broken chain is emailed to the PST.
 */

/** A head hash as a person kept it: the event's seq (optional) and its sha256 in hex. */
export interface TAuditHeadRef {
  readonly seq?: bigint;
  readonly hash: string;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/i;
const SEQ_PATTERN = /^[1-9][0-9]{0,18}$/;
/** The largest seq Postgres' bigint holds. */
const MAX_SEQ = 9_223_372_036_854_775_807n;

/**
 * Reads `<seq>:<hash>`, `#<seq> <hash>` (as the digest prints it) or `<hash>` alone; a message saying what is
 * wrong otherwise. The hash is 64 hexadecimal characters (sha256), the seq a positive whole number.
 */
export function parseAuditHeadRef(
  text: string,
): { ok: true; head: TAuditHeadRef } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Give the head as <seq>:<hash> or <hash>." };
  const match = /^#?([^:\s]+)(?::|\s+)(\S+)$/.exec(trimmed);
  const [seqText, hash] = match ? [match[1] as string, match[2] as string] : [undefined, trimmed];
  if (!HASH_PATTERN.test(hash)) {
    return {
      ok: false,
      message: `"${shorten(hash)}" is not a head hash: it is 64 hexadecimal characters (0-9, a-f).`,
    };
  }
  if (seqText === undefined) return { ok: true, head: { hash: hash.toLowerCase() } };
  if (!SEQ_PATTERN.test(seqText) || BigInt(seqText) > MAX_SEQ) {
    return {
      ok: false,
      message: `"${shorten(seqText)}" is not an event number: it is a positive whole number, as in 1234:<hash>.`,
    };
  }
  return { ok: true, head: { seq: BigInt(seqText), hash: hash.toLowerCase() } };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export interface TAuditVerificationOutcome {
  readonly ok: boolean;
  readonly failedSeq: bigint | null;
  readonly reason: string | null;
}

/**
 * Whether a verification's result is emailed to the PST: a break, once. Not again while the last verification
 * that settled anything (an intact chain, or a break that was emailed) is an emailed break at the same event for
 * the same reason; a chain that was whole again in between, or another break, is news.
 */
export function shouldAlertAuditBreak(
  current: TAuditVerificationOutcome,
  lastSettled: (TAuditVerificationOutcome & { readonly alertedAt: Date | null }) | null,
): boolean {
  if (current.ok) return false;
  if (lastSettled === null || lastSettled.ok || lastSettled.alertedAt === null) return true;
  return !(lastSettled.failedSeq === current.failedSeq && lastSettled.reason === current.reason);
}
