import { ARMORED_STAFF_KEY_MAX_CHARS, checkTeamPublicKey } from "@disclose/crypto";
import { appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { keyPacketRowsFor, type TReaderKey } from "../access/key-packets";
import { normaliseArmor } from "../reports/submit-report";
import { requireTeamKeyHolder, teamKeyHolders } from "./team-key-access";

/** An armored private key of a few subkeys, encrypted to a dozen members: far below this. */
const PRIVATE_MESSAGE_MAX_CHARS = 256 * 1024;

export const ZImportTeamKeyInput = z.object({
  label: z
    .string()
    .trim()
    .min(1, "Name the key (for example the address it was published for).")
    .max(200, "A name is at most 200 characters."),
  publicKey: z.string().min(1, "The public key is missing.").max(ARMORED_STAFF_KEY_MAX_CHARS),
  /** Armored OpenPGP message of the armored private key (passphrase removed), made in the browser. */
  privateKeyMessage: z
    .string()
    .min(1, "The encrypted private key is missing.")
    .max(PRIVATE_MESSAGE_MAX_CHARS, "The encrypted private key is too large."),
});
export type TImportTeamKeyInput = z.infer<typeof ZImportTeamKeyInput>;

const bad = (field: string, message: string) => new AppError(AppErrorCode.BAD_INPUT, message, { field });

/**
 * Imports the project's existing key (security@'s, from before Disclose) as a team key. The PST member's browser
 * unlocked it with its passphrase and encrypted the armored private key to every current PST key; the server
 * stores that message, each member's session-key packets (the grants flow), and the public key. It never sees
 * the private key or its passphrase. A key retired before may be imported again (a fresh message and holders).
 */
export async function importTeamKey({
  db,
  session,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  input: TImportTeamKeyInput;
}): Promise<{ fingerprint: string; holders: number }> {
  requireTeamKeyHolder(session);
  const check = await checkTeamPublicKey({ armoredKey: input.publicKey, now });
  if (!check.ok) throw bad("publicKey", check.reason);
  const { fingerprint } = check;
  const message = normaliseArmor(input.privateKeyMessage);
  return db.$transaction(async (tx) => {
    const [person] = await txQuery(tx, "SELECT 1 FROM pgp_keys WHERE fingerprint = $1", [fingerprint]);
    if (person) throw bad("publicKey", "This is a person's own key here, not a team key.");
    const [existing] = await txQuery<{ retired_at: Date | null }>(
      tx,
      "SELECT retired_at FROM team_keys WHERE fingerprint = $1 FOR UPDATE",
      [fingerprint],
    );
    if (existing && existing.retired_at === null) {
      throw new AppError(AppErrorCode.CONFLICT, "This team key is imported already.", { field: "publicKey" });
    }
    // Every PST member must be able to open it, as with a case's items: else the browser encrypts again.
    const holders = (await teamKeyHolders(tx, now)).flatMap((c) => (c.key ? [c.key] : []));
    if (!holders.some((k) => k.userId === session.userId)) {
      throw bad(
        "privateKeyMessage",
        "Register your own key first: the team key is granted to members' keys.",
      );
    }
    const rows = await keyPacketRowsFor({
      reportId: "",
      item: { kind: "report", id: "" },
      message,
      required: holders satisfies TReaderKey[],
      field: "privateKeyMessage",
      what: "The encrypted private key",
    });
    if (existing) {
      await txQuery(tx, "DELETE FROM team_key_packets WHERE team_key_fingerprint = $1", [fingerprint]);
      await txQuery(
        tx,
        `UPDATE team_keys SET label = $2, armored_public_key = $3, private_key_message = $4, imported_by_id = $5,
                retired_at = NULL WHERE fingerprint = $1`,
        [fingerprint, input.label, check.publicKey, message, session.userId],
      );
    } else {
      await txQuery(
        tx,
        `INSERT INTO team_keys (fingerprint, label, armored_public_key, private_key_message, imported_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [fingerprint, input.label, check.publicKey, message, session.userId, now],
      );
    }
    await txQuery(
      tx,
      `INSERT INTO team_key_packets (team_key_fingerprint, fingerprint, user_id, packets, created_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bytea[], $5::timestamptz[])`,
      [
        fingerprint,
        rows.map((r) => r.key.fingerprint),
        rows.map((r) => r.key.userId),
        rows.map((r) => Buffer.from(r.packets)),
        rows.map(() => now),
      ],
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "team_key.imported",
      subjectType: "team_key",
      subjectId: fingerprint,
      data: { label: input.label, holders: rows.map((r) => r.key.userId), again: existing !== undefined },
      occurredAt: now,
    });
    return { fingerprint, holders: rows.length };
  });
}
