import { randomBytes } from "node:crypto";
import { encryptBytes } from "@disclose/crypto";
import { txQuery } from "@disclose/db";
import { patchReaders } from "../use-cases/patches/patch-access";
import type { AuthzFixture, AuthzRows } from "./fixture";

/** A release branch of case A (case A made a case first). */
async function newBranch(fx: AuthzFixture): Promise<string> {
  await fx.db.case.upsert({ where: { id: fx.caseA.id }, create: { id: fx.caseA.id }, update: {} });
  const branch = await fx.db.releaseBranch.create({
    data: { caseId: fx.caseA.id, name: `authz-patches-${randomBytes(4).toString("hex")}` },
  });
  return branch.id;
}

/** The branch uploads go to (made once; the matrix runs every row in one database). */
let uploadBranch: Promise<string> | null = null;
function branchOf(fx: AuthzFixture): Promise<string> {
  uploadBranch ??= newBranch(fx);
  return uploadBranch;
}

/** A patch of case A encrypted to whoever holds its patches now, base64 (what the browser uploads). */
async function ciphertextForReaders(fx: AuthzFixture): Promise<string> {
  const readers = await fx.db.$transaction((tx) => patchReaders(tx, fx.caseAFacts, fx.now));
  const message = await encryptBytes(
    new TextEncoder().encode("From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"),
    readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
  );
  return Buffer.from(message).toString("base64");
}

let versionOfA: Promise<string> | null = null;
/**
 * A stored version of case A's patch, with a session-key row for every account there is at the time of the call:
 * the matrix asks who passes authorization, and a reader not granted yet would be refused for another reason.
 */
async function readableVersion(fx: AuthzFixture): Promise<string> {
  versionOfA ??= (async () => {
    const branchId = await newBranch(fx);
    const patch = await fx.db.patch.create({ data: { caseId: fx.caseA.id, branchId } });
    const ciphertext = Buffer.from(await ciphertextForReaders(fx), "base64");
    const version = await fx.db.patchVersion.create({
      data: {
        id: crypto.randomUUID(),
        patchId: patch.id,
        caseId: fx.caseA.id,
        version: 1,
        ciphertext,
        size: ciphertext.byteLength,
        uploadedAt: fx.now,
      },
    });
    return version.id;
  })();
  const versionId = await versionOfA;
  await txQuery(
    fx.db,
    `INSERT INTO key_packets (report_id, item_kind, item_id, fingerprint, reader, user_id, packets)
     SELECT $1::uuid, 'patch', $2::uuid, 'AUTHZ' || u.id, 'staff', u.id, '\\x00'::bytea FROM users u
     ON CONFLICT DO NOTHING`,
    [fx.caseA.id, versionId],
  );
  return versionId;
}

/** Rows of the authorization matrix for the `patches` router: the PST and the case's Fix Lead and Fix Team. */
export const patchesRows: AuthzRows = (fx) => ({
  "patches.list": { input: async () => ({ reportId: fx.caseA.id }), allowed: fx.onCase("fix.read") },
  "patches.upload": {
    input: async () => ({
      reportId: fx.caseA.id,
      branchId: await branchOf(fx),
      ciphertext: await ciphertextForReaders(fx),
    }),
    allowed: fx.onCase("fix.read"),
  },
  "patches.read": {
    input: async () => ({ versionId: await readableVersion(fx) }),
    allowed: fx.onCase("fix.read"),
  },
});
