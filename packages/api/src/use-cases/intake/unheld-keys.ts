import { encryptedMessageKeyIds, encryptionKeyIdsOfKey } from "@disclose/crypto";
import { type AnyTx, appendAuditEvent, type SqlTx, txQuery } from "@disclose/db";
import {
  describeUnheldKey,
  formatUtc,
  isFingerprintFlag,
  type TKnownKey,
  type TUnheldKey,
  unheldKeyFlags,
  unheldKeysAdvice,
} from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { apiEnv, isProduction } from "../../env";
import { insertKeyPackets, keyPacketRowsFor, type TReaderKey } from "../access/key-packets";
import type { TEmailOrigin } from "../reports/submit-report";

export const ZUnheldKey = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("person"),
    fingerprint: z.string(),
    ownerName: z.string(),
    retiredAt: z.date().nullable(),
  }),
  z.object({
    kind: z.literal("team"),
    fingerprint: z.string(),
    label: z.string(),
    retiredAt: z.date().nullable(),
  }),
  z.object({ kind: z.literal("unknown"), keyId: z.string() }),
]);

/**
 * The keys a message no current key opens is encrypted to, as flags (the domain's unheldKeyFlags): known keys
 * are every key a person ever registered here and every team key, current or retired. Empty when the message
 * names no recipient at all (then there is nothing to flag, and it is refused as before). With them, the
 * people's keys among them whose owners are still active: a retired key's owner may still unlock it here.
 */
export async function unheldKeysOf(
  tx: AnyTx,
  message: string,
): Promise<{ flags: string[]; ownerKeys: TReaderKey[] }> {
  const messageKeyIds = (await encryptedMessageKeyIds(message)) ?? [];
  if (messageKeyIds.length === 0) return { flags: [], ownerKeys: [] };
  const rows = await txQuery<{
    fingerprint: string;
    armored_public_key: string;
    user_id: string | null;
    name: string | null;
  }>(
    tx,
    `SELECT k.fingerprint, k.armored_public_key, u.id AS user_id, u.name
       FROM pgp_keys k LEFT JOIN users u ON u.id = k.user_id AND u.active
     UNION ALL SELECT fingerprint, armored_public_key, NULL, NULL FROM team_keys
     ORDER BY fingerprint`,
  );
  const known = await Promise.all(
    rows.map(async (r) => ({
      ...r,
      fingerprint: r.fingerprint,
      // A key we cannot parse any more still names its primary key (the domain adds it from the fingerprint).
      keyIds: await encryptionKeyIdsOfKey(r.armored_public_key).catch(() => [] as string[]),
    })),
  );
  const flags = unheldKeyFlags(messageKeyIds, known satisfies TKnownKey[]);
  const ownerKeys = known.flatMap((k): TReaderKey[] =>
    k.user_id && flags.includes(k.fingerprint) && k.keyIds.length > 0
      ? [
          {
            reader: "staff",
            userId: k.user_id,
            name: k.name ?? "PST member",
            fingerprint: k.fingerprint,
            armoredPublicKey: k.armored_public_key,
            encryptionKeyIds: k.keyIds,
          },
        ]
      : [],
  );
  return { flags, ownerKeys };
}

/** Flags as the PST reads them: each known key with its owner (or team label) and when it was retired. */
export async function describeFlags(tx: AnyTx, flags: readonly string[]): Promise<TUnheldKey[]> {
  const fingerprints = flags.filter(isFingerprintFlag);
  const [people, teams] =
    fingerprints.length === 0
      ? [[], []]
      : await Promise.all([
          txQuery<{ fingerprint: string; name: string | null; retired_at: Date | null }>(
            tx,
            `SELECT k.fingerprint, u.name, k.retired_at FROM pgp_keys k JOIN users u ON u.id = k.user_id
              WHERE k.fingerprint = ANY($1::text[])`,
            [fingerprints],
          ),
          txQuery<{ fingerprint: string; label: string; retired_at: Date | null }>(
            tx,
            "SELECT fingerprint, label, retired_at FROM team_keys WHERE fingerprint = ANY($1::text[])",
            [fingerprints],
          ),
        ]);
  return flags.map((flag): TUnheldKey => {
    const team = teams.find((t) => t.fingerprint === flag);
    if (team) return { kind: "team", fingerprint: flag, label: team.label, retiredAt: team.retired_at };
    const person = people.find((p) => p.fingerprint === flag);
    if (person)
      return {
        kind: "person",
        fingerprint: flag,
        // Names only, as the team's key list shows them: the flag is seen by every PST member.
        ownerName: person.name ?? "a former member",
        retiredAt: person.retired_at,
      };
    // A fingerprint whose key row is gone (its person deleted): still a key we cannot read with.
    return isFingerprintFlag(flag)
      ? { kind: "unknown", keyId: flag.slice(-16) }
      : { kind: "unknown", keyId: flag };
  });
}

/**
 * Mail encrypted only to keys no one here holds is kept instead of refused: the same origin, whose
 * in-transaction step first flags the report, tells every PST member by email (which keys, what to do; nothing
 * of the mail) and records it in the audit log. Null when the message names no key to flag.
 */
export async function keepUnheldMail({
  tx,
  message,
  email,
  now,
}: {
  tx: AnyTx;
  message: string;
  email: TEmailOrigin;
  now: Date;
}): Promise<TEmailOrigin | null> {
  const { flags, ownerKeys } = await unheldKeysOf(tx, message);
  if (flags.length === 0) return null;
  return {
    ...email,
    alsoInTransaction: async (sql, reportId) => {
      await flagUnheldReport(sql, { reportId, message, flags, ownerKeys, now });
      await email.alsoInTransaction(sql, reportId);
    },
  };
}

async function flagUnheldReport(
  sql: SqlTx,
  {
    reportId,
    message,
    flags,
    ownerKeys,
    now,
  }: { reportId: string; message: string; flags: string[]; ownerKeys: TReaderKey[]; now: Date },
): Promise<void> {
  await txQuery(sql, "UPDATE reports SET unheld_keys = $2::text[] WHERE id = $1::uuid", [reportId, flags]);
  // The owner of a retired key still has its locked private half here: their browser can open the report with
  // it (the keyring unlocks retired keys too), and the grant step then brings everyone else in.
  await insertKeyPackets(
    sql,
    await keyPacketRowsFor({
      reportId,
      item: { kind: "report", id: reportId },
      message,
      required: [],
      optional: ownerKeys,
      field: "message",
    }),
    now,
  );
  const keys = await describeFlags(sql, flags);
  const members = await txQuery<{ id: string; email: string }>(
    sql,
    `SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'PST_MEMBER'
      WHERE u.active AND NOT (u.is_demo AND $1) ORDER BY u.id`,
    [isProduction()],
  );
  const rendered = renderEmail("unheldKeyMail", {
    reportShortId: reportId.slice(0, 8),
    reportUrl: `${apiEnv().ADMIN_URL}/reports/${reportId}`,
    receivedAt: formatUtc(now),
    keys: keys.map(describeUnheldKey),
    advice: unheldKeysAdvice(keys),
  });
  for (const member of members) await enqueueEmail(sql, { to: member.email, ...rendered });
  await appendAuditEvent(sql, {
    actorKind: "system",
    action: "report.unheld_keys_flagged",
    subjectType: "report",
    subjectId: reportId,
    // Fingerprints and key IDs are not secret (they are in the message for anyone to see); ids, not addresses.
    data: { keys: flags, told: members.map((m) => m.id) },
    occurredAt: now,
  });
}
