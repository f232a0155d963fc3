import { randomUUID } from "node:crypto";
import { createSigningKey, openSigningKey, type TSigner } from "@disclose/advisories/publish";
import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { projectNameOf } from "../early-disclosure/notify-organization";

/**
 * The project signing key (signing_keys): the newest key not retired signs every published document. Its private
 * half is stored only locked under a passphrase derived from ADVISORY_SIGNING_SECRET (advisorySigningSecret()).
 */

/** How long a retired key is still published beside the new one (README of @disclose/advisories/publish, step 4). */
export const SIGNING_KEY_OVERLAP_DAYS = 30;

// Serialises creating the first key: two publishes at once must not each make one.
const SIGNING_KEY_LOCK = 0x7369676e_6b6579n; // "signkey"

export interface TSigningKeyRow {
  id: string;
  fingerprint: string;
  publicKey: string;
  lockedPrivateKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

const keyColumns = {
  id: true,
  fingerprint: true,
  publicKey: true,
  lockedPrivateKey: true,
  createdAt: true,
  retiredAt: true,
} as const;

/** The key that signs now (the newest not retired), or null when none was made yet. */
export async function currentSigningKey(db: Db | DbTx): Promise<TSigningKeyRow | null> {
  return db.signingKey.findFirst({
    where: { retiredAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: keyColumns,
  });
}

/** A new key named after the project ("<project> advisories"), stored locked; not yet anyone's current key. */
async function insertSigningKey(tx: DbTx, options: { secret: string; now: Date }): Promise<TSigningKeyRow> {
  const name = `${await projectNameOf(tx)} advisories`;
  const key = await createSigningKey({ name, secret: options.secret, now: options.now });
  return tx.signingKey.create({
    data: {
      id: randomUUID(),
      fingerprint: key.fingerprint,
      publicKey: key.publicKey,
      lockedPrivateKey: key.lockedPrivateKey,
      createdAt: options.now,
    },
    select: keyColumns,
  });
}

/**
 * The current signing key, made on first use (the first publish): inside the caller's transaction, under a lock,
 * so concurrent publishes agree on one key.
 */
export async function ensureSigningKey(
  tx: DbTx,
  options: { secret: string; now: Date },
): Promise<TSigningKeyRow> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
  return (await currentSigningKey(tx)) ?? (await insertSigningKey(tx, options));
}

/** The current key, unlocked for signing many documents (throws SigningKeyError on a wrong secret). */
export async function openCurrentSigner(
  tx: DbTx,
  options: { secret: string; now: Date },
): Promise<{ key: TSigningKeyRow; signer: TSigner }> {
  const key = await ensureSigningKey(tx, options);
  return {
    key,
    signer: await openSigningKey({ lockedPrivateKey: key.lockedPrivateKey, secret: options.secret }),
  };
}

/**
 * The public keys to publish (provider-metadata.json's public_openpgp_keys, openpgp/<FP>.asc): every key not
 * retired and those retired in the last SIGNING_KEY_OVERLAP_DAYS, newest first, so verifiers who fetched the old
 * key keep working through a rotation.
 */
export async function publishedSigningKeys(
  db: Db | DbTx,
  now: Date,
): Promise<{ fingerprint: string; publicKey: string; createdAt: Date; retiredAt: Date | null }[]> {
  const since = new Date(now.getTime() - SIGNING_KEY_OVERLAP_DAYS * 86_400_000);
  return db.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: since } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { fingerprint: true, publicKey: true, createdAt: true, retiredAt: true },
  });
}

export interface TRotation {
  fingerprint: string;
  retired: string[];
  resigned: number;
}

/**
 * Rotation (`pnpm advisories:rotate-signing-key`): a new key, every older key retired, and every stored document
 * re-signed with the new key, so nothing served is signed by the old key alone. advisory_documents rows are
 * written once (the app role may not update them), so each is replaced by the same row with the new signature.
 */
export async function rotateSigningKey(
  tx: DbTx,
  options: { secret: string; now: Date; actorId?: string | null },
): Promise<TRotation> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
  const old = await tx.signingKey.findMany({
    where: { retiredAt: null },
    select: { id: true, fingerprint: true },
  });
  const key = await insertSigningKey(tx, options);
  await tx.signingKey.updateMany({
    where: { id: { in: old.map((k) => k.id) } },
    data: { retiredAt: options.now },
  });
  const signer = await openSigningKey({ lockedPrivateKey: key.lockedPrivateKey, secret: options.secret });
  const documents = await tx.advisoryDocument.findMany({
    select: {
      advisoryId: true,
      revision: true,
      format: true,
      name: true,
      body: true,
      sha256: true,
      sha512: true,
      createdAt: true,
    },
  });
  for (const doc of documents) {
    const signature = await signer.sign(doc.body, options.now);
    await tx.advisoryDocument.delete({
      where: {
        advisoryId_revision_format_name: {
          advisoryId: doc.advisoryId,
          revision: doc.revision,
          format: doc.format,
          name: doc.name,
        },
      },
    });
    await tx.advisoryDocument.create({ data: { ...doc, signature } });
  }
  const rotation = {
    fingerprint: key.fingerprint,
    retired: old.map((k) => k.fingerprint),
    resigned: documents.length,
  };
  await appendAuditEvent(tx, {
    actorId: options.actorId ?? null,
    actorKind: options.actorId ? "user" : "system",
    action: "advisory.signing_key_rotated",
    subjectType: "signing_key",
    subjectId: key.id,
    data: rotation,
    occurredAt: options.now,
  });
  return rotation;
}
