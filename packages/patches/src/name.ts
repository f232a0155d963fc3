/**
 * The file name of a patch in the workspace, as the policy's patch format has it: `<CVE or case id>_v<release>.patch`,
 * e.g. `CVE-2026-12345_v1.4.2.patch`. It is derived when shown or downloaded, never stored or encrypted, so the
 * name changes by itself when the CVE arrives.
 */
export function patchFileName(options: { cveId?: string | null; caseId: string; release: string }): string {
  const cve = options.cveId?.trim().toUpperCase();
  const id = cve && /^CVE-\d{4}-\d{4,}$/.test(cve) ? cve : safe(options.caseId);
  const release = safe(options.release.trim().replace(/^v(?=\d)/i, ""));
  return `${id || "case"}_v${release || "unknown"}.patch`;
}

/** Only what is safe in a file name on every system and in a Content-Disposition header. */
function safe(part: string): string {
  return part
    .replace(/[^0-9A-Za-z._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
}
