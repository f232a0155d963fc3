import { encryptedMessageKeyIds, encryptionKeyIdsOfKey, keyExpiresAt } from "@disclose/crypto";
import type { Db, DbTx } from "@disclose/db";
import { earlyDisclosureBlocker, type TCaseFacts } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase, isUuid } from "../cases/case-access";
import { isKeyUsableAt } from "../keys/list-pst-keys";
import { currentCveOf, patchNameOf } from "../patches/patch-access";

export const ZReportId = z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id.");
export const ZOrganizationId = z
  .string()
  .trim()
  .min(1, "Choose an organisation.")
  .max(64, "That is not an organisation id.");

/** Organisations that may be sent embargoed material: on the list (a warned one still is). */
export const RECEIVING_STATUSES = ["active", "warned"] as const;

/** The case if the caller may run its early disclosure (the domain's "distributors.select": its Fix Lead). */
export async function authorizeDisclosure(
  db: Db | DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<TCaseFacts> {
  const { facts } = await authorizeCase(db, session, reportId, "distributors.select");
  return facts;
}

/** Refuses a change when the case does not (or no longer) qualify for early disclosure. */
export function assertQualifies(facts: TCaseFacts): void {
  const blocker = earlyDisclosureBlocker(facts);
  if (blocker) throw new AppError(AppErrorCode.CONFLICT, blocker);
}

export interface TRecipient {
  kind: "member" | "team";
  /** The member's user id; null for the team key. */
  userId: string | null;
  name: string;
  fingerprint: string;
  armoredPublicKey: string;
}

export interface TOrganizationRecipients {
  id: string;
  name: string;
  status: string;
  securityContact: string | null;
  markCode: string | null;
  recipients: TRecipient[];
  /** Members (active accounts, not removed) with an email, for the notice. */
  memberEmails: string[];
  /** Why it cannot receive (no usable key at all); null when it can. */
  cannotReceive: string | null;
}

/**
 * The organisations on the list with the keys a copy for each must be encrypted to: every member's current
 * usable key and the team key. `ids` narrows it to some organisations.
 */
export async function loadOrganizationRecipients(
  db: Db | DbTx,
  now: Date,
  ids?: readonly string[],
): Promise<TOrganizationRecipients[]> {
  const organizations = await db.distributorOrganization.findMany({
    where: {
      status: { in: [...RECEIVING_STATUSES] },
      ...(ids ? { id: { in: ids.filter(isUuid) } } : {}),
    },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      securityContact: true,
      markCode: true,
      teamKeyArmored: true,
      teamKeyFingerprint: true,
      members: {
        where: { status: { not: "removed" }, user: { active: true } },
        select: {
          user: {
            select: {
              id: true,
              name: true,
              email: true,
              pgpKeys: {
                where: { retiredAt: null },
                orderBy: { createdAt: "desc" },
                take: 1,
                select: { fingerprint: true, armoredPublicKey: true },
              },
            },
          },
        },
      },
    },
  });
  const out: TOrganizationRecipients[] = [];
  for (const org of organizations) {
    const recipients: TRecipient[] = [];
    for (const { user } of org.members) {
      const key = user.pgpKeys[0];
      if (key && (await isKeyUsableAt(key, now))) {
        recipients.push({
          kind: "member",
          userId: user.id,
          name: user.name ?? user.email,
          fingerprint: key.fingerprint,
          armoredPublicKey: key.armoredPublicKey,
        });
      }
    }
    if (
      org.teamKeyArmored &&
      org.teamKeyFingerprint &&
      (await isKeyUsableAt({ armoredPublicKey: org.teamKeyArmored }, now))
    ) {
      recipients.push({
        kind: "team",
        userId: null,
        name: `${org.name} team key`,
        fingerprint: org.teamKeyFingerprint,
        armoredPublicKey: org.teamKeyArmored,
      });
    }
    out.push({
      id: org.id,
      name: org.name,
      status: org.status,
      securityContact: org.securityContact,
      markCode: org.markCode,
      recipients,
      memberEmails: org.members.map((m) => m.user.email),
      cannotReceive:
        recipients.length === 0
          ? org.members.length === 0
            ? "It has no members and no team key."
            : "Neither its members nor its team have a usable key."
          : null,
    });
  }
  return out;
}

/**
 * Keys' expiry by reference: `key:<pgp_keys.id>` (a member key's text never changes: a new key is a new row) or
 * `team:<md5 of the team key's text>` (an updated team key has new text, so a new entry).
 */
const expiryByKeyRef = new Map<string, Date | null>();

/**
 * Why an organisation cannot receive copies (null: it can), as `loadOrganizationRecipients` decides it but from
 * references to its current keys (see expiryByKeyRef) instead of the keys: only a key not seen before is fetched
 * and parsed for its expiry. Pages list hundreds of organisations; their keys are megabytes.
 */
export async function keyRefsReceivability(
  db: Db | DbTx,
  now: Date,
  keyRefs: readonly (readonly string[])[],
): Promise<(organization: { members: number; keyRefs: readonly string[] }) => string | null> {
  const misses = [...new Set(keyRefs.flat())].filter((ref) => !expiryByKeyRef.has(ref));
  if (misses.length > 0) {
    const keyIds = misses.flatMap((ref) => (ref.startsWith("key:") ? [ref.slice(4)] : []));
    const teamHashes = misses.flatMap((ref) => (ref.startsWith("team:") ? [ref.slice(5)] : []));
    const texts = await db.$queryRaw<{ ref: string; armored: string }[]>`
      SELECT 'key:' || id::text AS ref, armored_public_key AS armored FROM pgp_keys
      WHERE id = ANY(${keyIds.filter(isUuid)}::uuid[])
      UNION ALL
      SELECT 'team:' || md5(team_key_armored) AS ref, team_key_armored AS armored FROM distributor_organizations
      WHERE team_key_armored IS NOT NULL AND md5(team_key_armored) = ANY(${teamHashes}::text[])`;
    await Promise.all(
      texts.map(async (t) => {
        // An unreadable key is not usable, as in `isKeyUsableAt` (which rejects).
        const expires = await keyExpiresAt(t.armored).catch(() => new Date(0));
        expiryByKeyRef.set(t.ref, expires);
      }),
    );
  }
  const usable = (ref: string) => {
    if (!expiryByKeyRef.has(ref)) return false;
    const expires = expiryByKeyRef.get(ref);
    return !expires || expires.getTime() > now.getTime();
  };
  return ({ members, keyRefs }) =>
    keyRefs.some(usable)
      ? null
      : members === 0
        ? "It has no members and no team key."
        : "Neither its members nor its team have a usable key.";
}

/**
 * Whether a copy is encrypted to exactly these recipients: each recipient's key among the message's, and no
 * other key. A missing one means the browser used an old list (stale: it fetches again); an extra one would give
 * the copy to someone outside the organisation.
 */
export async function checkCopyRecipients(
  message: Uint8Array,
  recipients: readonly TRecipient[],
  field: string,
): Promise<void> {
  const ids = await encryptedMessageKeyIds(message);
  if (!ids) {
    throw new AppError(AppErrorCode.BAD_INPUT, "This copy is not an encrypted OpenPGP message.", { field });
  }
  const inMessage = new Set(ids);
  const allowed = new Set<string>();
  for (const recipient of recipients) {
    const keyIds = await encryptionKeyIdsOfKey(recipient.armoredPublicKey);
    for (const id of keyIds) allowed.add(id);
    if (!keyIds.some((id) => inMessage.has(id))) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `The organisation's keys changed: this copy is not encrypted to ${recipient.name}. Reload and make the copies again.`,
        { field },
      );
    }
  }
  if (ids.some((id) => !allowed.has(id))) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "This copy is also encrypted to a key outside the organisation. It was not stored.",
      { field },
    );
  }
}

export interface TCurrentPatchVersion {
  id: string;
  branchName: string;
  version: number;
  fileName: string;
}

/** The newest version of each of the case's patches: what distributors get. */
export async function loadCurrentPatchVersions(
  db: Db | DbTx,
  caseId: string,
): Promise<TCurrentPatchVersion[]> {
  const patches = await db.patch.findMany({
    where: { caseId },
    orderBy: { createdAt: "asc" },
    select: {
      branch: { select: { id: true, name: true, releaseVersion: true } },
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true } },
    },
  });
  const cveId = await currentCveOf(db, caseId);
  return patches.flatMap((p) => {
    const latest = p.versions[0];
    if (!latest) return [];
    const named = patchNameOf({ caseId, cveId, branch: p.branch });
    return [
      {
        id: latest.id,
        branchName: p.branch.name,
        version: latest.version,
        fileName: named.ok ? named.name : named.provisional,
      },
    ];
  });
}
