import { z } from "zod";
import { CVE_ID_PATTERN } from "../cases/vulnerabilities";

/**
 * Release versions as the project tags them: semantic versions with an optional "v" and an optional pre-release
 * ("1.11.2", "v2.0.0-rc.1"). Only letters, digits, dots and hyphens, never an empty part: so a version can go
 * into a file name without ever holding a path separator, "..", a space or a control character.
 */
export const RELEASE_VERSION_PATTERN =
  /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(-[0-9A-Za-z-]{1,20}(\.[0-9A-Za-z-]{1,20}){0,4})?$/;
export const ZReleaseVersion = z
  .string()
  .max(64, "A release version is at most 64 characters.")
  .regex(RELEASE_VERSION_PATTERN, "Enter a release version like 1.11.2 or v2.0.0-rc.1.");

export function isReleaseVersion(value: unknown): value is string {
  return typeof value === "string" && value.length <= 64 && RELEASE_VERSION_PATTERN.test(value);
}

/** "v1.11.2" and "1.11.2" name the same release: the file name always carries "_v" + the bare version. */
export function bareReleaseVersion(version: string): string {
  return version.startsWith("v") ? version.slice(1) : version;
}

/**
 * A case's short reference, used in a patch's name until the CVE exists: letters, digits and inner hyphens, at
 * most 40 characters (a UUID fits).
 */
export const CASE_REF_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$/;
export const ZCaseRef = z
  .string()
  .regex(CASE_REF_PATTERN, "A case reference is letters, digits and hyphens.");

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A short, stable reference for a case whose id is a UUID: "case-" and its first 8 hex digits, lower case. Short
 * enough to read aloud and type into a file name; one project's cases will not collide in 8 hex digits in
 * practice, and the full id stays the key.
 */
export function caseShortRef(caseId: string): string {
  if (!UUID_PATTERN.test(caseId)) throw new RangeError("A case id is a UUID.");
  return `case-${caseId.slice(0, 8).toLowerCase()}`;
}

export type PatchNameResult =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The Kubernetes-style patch name: `<CVE or case id>_v<release>.patch`, e.g. "CVE-2026-1234_v1.11.2.patch". The
 * CVE ID once there is one (the file is renamed when it arrives), else the case's short reference.
 */
export function patchFileName(input: {
  readonly cveId: string | null;
  readonly caseRef: string;
  readonly releaseVersion: string;
}): PatchNameResult {
  if (input.cveId !== null && !CVE_ID_PATTERN.test(input.cveId)) {
    return { ok: false, reason: "Enter a CVE ID like CVE-2026-12345." };
  }
  if (input.cveId === null && !CASE_REF_PATTERN.test(input.caseRef)) {
    return { ok: false, reason: "A case reference is letters, digits and hyphens." };
  }
  if (!isReleaseVersion(input.releaseVersion)) {
    return { ok: false, reason: "Enter a release version like 1.11.2 or v2.0.0-rc.1." };
  }
  const id = input.cveId ?? input.caseRef;
  return { ok: true, name: `${id}_v${bareReleaseVersion(input.releaseVersion)}.patch` };
}

export interface ParsedPatchName {
  readonly id: string;
  readonly idKind: "cve" | "case";
  /** Bare version, without "v". */
  readonly releaseVersion: string;
}

/** Reads back a name `patchFileName` made; null for anything else (so hostile upload names never pass). */
export function parsePatchFileName(name: string): ParsedPatchName | null {
  if (typeof name !== "string" || !name.endsWith(".patch")) return null;
  const stem = name.slice(0, -".patch".length);
  const sep = stem.lastIndexOf("_v");
  if (sep <= 0) return null;
  const id = stem.slice(0, sep);
  const releaseVersion = stem.slice(sep + 2);
  if (releaseVersion.startsWith("v") || !isReleaseVersion(releaseVersion)) return null;
  if (CVE_ID_PATTERN.test(id)) return { id, idKind: "cve", releaseVersion };
  if (CASE_REF_PATTERN.test(id)) return { id, idKind: "case", releaseVersion };
  return null;
}

/** The name a patch takes when its CVE arrives; the version part is kept. */
export function renamePatchForCve(name: string, cveId: string): PatchNameResult {
  const parsed = parsePatchFileName(name);
  if (parsed === null) return { ok: false, reason: "This is not a patch name Disclose made." };
  return patchFileName({ cveId, caseRef: parsed.id, releaseVersion: parsed.releaseVersion });
}
