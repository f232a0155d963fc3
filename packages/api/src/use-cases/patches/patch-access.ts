import type { DbTx } from "@disclose/db";
import {
  caseShortRef,
  hasFixTeam,
  isTerminalState,
  mayHold,
  patchFileName,
  type TActor,
  type TCaseFacts,
} from "@disclose/domain";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadCaseReaders, type TCaseReader } from "../access/case-readers";
import { authorizeCase } from "../cases/case-access";
import { CASE_CVES_SELECT } from "../cases/case-cves";

/**
 * Encrypted patch files are at most this large (a binary OpenPGP message); the browser refuses bigger plaintext
 * before encrypting (the plaintext limit leaves room for the packets encryption adds).
 */
export const MAX_PATCH_CIPHERTEXT_BYTES = 10 * 1024 * 1024;
/** Room encryption needs on top of the plaintext: packet headers and one session-key packet per reader. */
export const PATCH_CIPHERTEXT_OVERHEAD_BYTES = 64 * 1024;

/**
 * The case if the caller may see its patches: `fix.read` (the PST, its Fix Lead and Fix Team) and a holder of
 * the domain's "patch" items. Someone who may not see the case gets the same NOT_FOUND as for no case; one who
 * sees it but holds no patches gets FORBIDDEN.
 */
export async function authorizePatches(
  tx: DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const { facts, actor } = await authorizeCase(tx, session, reportId, "fix.read");
  if (!mayHold(actor, "patch", facts)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "You do not hold this case's patches.");
  }
  return { facts, actor };
}

/** Whether the actor may upload a patch version now: a holder of patches, while the case is worked on. */
export function mayUploadPatch(actor: TActor, facts: TCaseFacts): boolean {
  return mayHold(actor, "patch", facts) && hasFixTeam(facts.state) && !isTerminalState(facts.state);
}

/** The staff who may hold this case's patches now (with their current keys, if any). */
export async function patchReaders(tx: DbTx, facts: TCaseFacts, now: Date): Promise<TCaseReader[]> {
  return (await loadCaseReaders(tx, facts, now)).filter((r) => mayHold(r.actor, "patch", facts));
}

/** The case's current CVE (the first assigned, in the order of its vulnerabilities), or null. */
export async function currentCveOf(tx: DbTx, caseId: string): Promise<string | null> {
  const kase = await tx.case.findUnique({ where: { id: caseId }, ...CASE_CVES_SELECT });
  return kase?.vulnerabilities[0]?.cveId ?? null;
}

export type TPatchName =
  | { ok: true; name: string }
  | {
      ok: false;
      /** Why the patch has no name yet, in words for the page. */
      reason: string;
      /** What a download is called meanwhile (never shown as the patch's name). */
      provisional: string;
    };

/**
 * The name of a branch's patch, from the case's current CVE (else its short reference) and the branch's release
 * version: `<CVE or case id>_v<release>.patch`. It changes when the CVE arrives; none until the version is set.
 */
export function patchNameOf(options: {
  caseId: string;
  cveId: string | null;
  branch: { name: string; releaseVersion: string | null };
}): TPatchName {
  const caseRef = caseShortRef(options.caseId);
  const id = options.cveId ?? caseRef;
  const provisional = `${id}_${safeFilePart(options.branch.name)}.patch`;
  if (options.branch.releaseVersion === null) {
    return {
      ok: false,
      reason: `Set the release version of ${options.branch.name} first.`,
      provisional,
    };
  }
  const named = patchFileName({
    cveId: options.cveId,
    caseRef,
    releaseVersion: options.branch.releaseVersion,
  });
  return named.ok ? { ok: true, name: named.name } : { ok: false, reason: named.reason, provisional };
}

/** Letters, digits, dots, hyphens and underscores only: a branch name may hold slashes or worse. */
function safeFilePart(text: string): string {
  const safe = text
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 60);
  return safe || "branch";
}
