import {
  encryptedMessageKeyIds,
  encryptionKeyIdsOfKey,
  PacketError,
  parseKeyPackets,
} from "@disclose/crypto";
import { type AnyTx, txQuery } from "@disclose/db";
import { mayHoldTeamKey } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadStaffCandidates, type TStaffCandidate } from "../access/case-readers";

/** A PKESK for an ECDH key is about 100 bytes; a few of them fit easily. */
export const MAX_TEAM_KEY_PACKET_BYTES = 2048;
export const FINGERPRINT = /^[0-9A-F]{40}$/;

/** Only the PST holds a team key's private half (the domain's rule); anyone else is refused outright. */
export function requireTeamKeyHolder(session: SessionInfo): void {
  if (!mayHoldTeamKey(actorOf(session))) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only PST members hold the team keys.");
  }
}

export interface TCurrentTeamKey {
  fingerprint: string;
  label: string;
  armoredPublicKey: string;
  privateKeyMessage: string;
  /** Key IDs of its encryption (sub)keys, to find the session-key packets addressed to it. */
  keyIds: string[];
}

/** Team keys not retired, with their encryption key IDs. */
export async function currentTeamKeys(tx: AnyTx): Promise<TCurrentTeamKey[]> {
  const rows = await txQuery<{
    fingerprint: string;
    label: string;
    armored_public_key: string;
    private_key_message: string;
  }>(
    tx,
    `SELECT fingerprint, label, armored_public_key, private_key_message FROM team_keys
      WHERE retired_at IS NULL ORDER BY created_at`,
  );
  return Promise.all(
    rows.map(async (r) => ({
      fingerprint: r.fingerprint,
      label: r.label,
      armoredPublicKey: r.armored_public_key,
      privateKeyMessage: r.private_key_message,
      keyIds: await encryptionKeyIdsOfKey(r.armored_public_key).catch(() => []),
    })),
  );
}

/** Fingerprints of the current team keys a message is encrypted to (a message for the long-published key). */
export async function teamKeysOfMessage(tx: AnyTx, message: string | Uint8Array): Promise<string[]> {
  const ids = new Set((await encryptedMessageKeyIds(message)) ?? []);
  if (ids.size === 0) return [];
  const keys = await currentTeamKeys(tx);
  return keys.filter((k) => k.keyIds.some((id) => ids.has(id))).map((k) => k.fingerprint);
}

/** Active PST members with their current usable keys: who holds (or is to hold) each team key. */
export async function teamKeyHolders(tx: AnyTx, now: Date): Promise<TStaffCandidate[]> {
  return (await loadStaffCandidates(tx, now, [])).filter((c) => mayHoldTeamKey(c.actor));
}

/**
 * Decodes session-key packets a browser made and checks that every one is addressed to `armoredPublicKey`'s
 * encryption (sub)keys and to nothing else; the server cannot check the session key inside (it never sees one).
 */
export async function checkPacketsFor(
  base64: string,
  armoredPublicKey: string,
  where: string,
): Promise<Uint8Array> {
  const refuse = (message: string) =>
    new AppError(AppErrorCode.BAD_INPUT, `${where}: ${message}`, { field: "grants" });
  let packets: Uint8Array;
  try {
    packets = new Uint8Array(Buffer.from(base64, "base64"));
    if (packets.length === 0 || packets.length > MAX_TEAM_KEY_PACKET_BYTES) throw new PacketError("size");
    const ids = new Set(await encryptionKeyIdsOfKey(armoredPublicKey));
    if (!parseKeyPackets(packets).every((p) => p.keyId !== null && ids.has(p.keyId))) {
      throw refuse("the packet is not addressed to that key.");
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse("that is not a session-key packet.");
  }
  return packets;
}

export function toBase64(bytes: readonly Uint8Array[]): string {
  return Buffer.concat(bytes.map((b) => Buffer.from(b))).toString("base64");
}
