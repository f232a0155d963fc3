import {
  affectedLabel,
  eventKind,
  eventVersion,
  markdownToText,
  patchedVersions,
  type TAdvisoryContent,
  type TAffected,
  type TRange,
} from "@disclose/advisories";
import { scoreCvss } from "@disclose/domain";
import type { AnnouncementData, AnnouncementVulnerability } from "@disclose/email/templates";

/** What an announcement needs besides the advisory's content. */
export interface TAnnouncementMeta {
  /** The advisory's public id, e.g. DISCLOSE-2026-0001. */
  id: string;
  projectName: string;
  /** The advisory's public page. */
  url: string;
}

const short = (commit: string) => commit.slice(0, 12);

/** One range in words: ">= 1.0.0, < 1.4.2; >= 2.0.0, < 2.1.1", or commits for a GIT range. */
function rangeText(range: TRange): string {
  const parts: string[] = [];
  let open: string | null = null;
  const git = range.type === "GIT";
  for (const event of range.events) {
    const version = eventVersion(event);
    const kind = eventKind(event);
    if (kind === "introduced") {
      if (open !== null) parts.push(open);
      // "" stands for "from the beginning" ("0"): nothing to say before the end.
      if (git) open = version === "0" ? "" : `commits from ${short(version)}`;
      else open = version === "0" ? "" : `>= ${version}`;
    } else {
      const end = git
        ? `${kind === "fixed" ? "before" : "up to"} ${short(version)}`
        : `${kind === "fixed" ? "<" : "<="} ${version}`;
      parts.push(open ? `${open}, ${end}` : git ? `commits ${end}` : end);
      open = null;
    }
  }
  if (open !== null) parts.push(open !== "" ? open : git ? "all commits" : "all versions");
  const text = parts.join("; ");
  return git && range.repo ? `${text} (${range.repo})` : text;
}

/** An affected entry's versions in words: its ranges, then its listed versions (at most 10 named). */
export function affectedVersionsText(entry: TAffected): string {
  const parts = entry.ranges.map(rangeText);
  if (entry.versions.length > 0) {
    const named = entry.versions.slice(0, 10).join(", ");
    const more = entry.versions.length > 10 ? ` and ${entry.versions.length - 10} more` : "";
    parts.push(`versions ${named}${more}`);
  }
  return parts.join("; ") || "all versions";
}

function vulnerabilityOf(v: TAdvisoryContent["vulnerabilities"][number]): AnnouncementVulnerability {
  let cvss: AnnouncementVulnerability["cvss"] = null;
  if (v.cvssVector !== null) {
    try {
      const scored = scoreCvss(v.cvssVector);
      cvss = {
        version: scored.version,
        score: scored.score,
        severity: scored.severity,
        vector: v.cvssVector,
      };
    } catch {
      // The model refuses invalid vectors; an unscorable one is shown as unscored rather than failing the mail.
    }
  }
  return { cveId: v.cveId, title: v.title, cvss };
}

/**
 * The announcement email's data for an advisory (the template adds nothing of its own). Markdown (upgrade
 * instructions, workarounds) becomes plain text: the text part is the announcement, and the HTML part shows
 * the same words. The unsubscribe link is the subscriber's own.
 */
export function announcementEmailData(
  content: TAdvisoryContent,
  meta: TAnnouncementMeta,
  unsubscribeUrl: string,
): AnnouncementData {
  return {
    projectName: meta.projectName,
    advisoryId: meta.id,
    title: content.title,
    summary: content.summary,
    vulnerabilities: content.vulnerabilities.map(vulnerabilityOf),
    affected: content.affected.map((entry) => ({
      name: affectedLabel(entry),
      affectedVersions: affectedVersionsText(entry),
      fixedVersions: patchedVersions(entry),
    })),
    upgrade: content.upgradeInstructions ? markdownToText(content.upgradeInstructions) : null,
    workarounds: content.workarounds ? markdownToText(content.workarounds) : null,
    fixes: content.fixes.map((f) => ({ url: f.url, title: f.title })),
    credits: content.credits.map((c) => ({ name: c.name, type: c.type })),
    advisoryUrl: meta.url,
    unsubscribeUrl,
  };
}

/** The subject every channel uses: "[<project> security] <advisory id>: <title>". */
export function announcementSubject(
  content: Pick<TAdvisoryContent, "title">,
  meta: TAnnouncementMeta,
): string {
  return `[${meta.projectName} security] ${meta.id}: ${content.title}`.replace(/\s+/g, " ").trim();
}

/**
 * The ready-to-post text for other channels (a mailing list, a forum, a chat, a social post's thread): plain
 * text with light Markdown (headings, lists, links as bare URLs so that every channel shows them), the same facts
 * as the email, without any unsubscribe line. Upgrade instructions and workarounds keep their Markdown.
 */
export function announcementText(content: TAdvisoryContent, meta: TAnnouncementMeta): string {
  const data = announcementEmailData(content, meta, "");
  const lines: string[] = [
    `# ${announcementSubject(content, meta)}`,
    "",
    content.summary,
    "",
    "## Vulnerabilities",
    "",
    ...data.vulnerabilities.map((v) => {
      const name = [v.cveId ?? "CVE ID pending", v.title].filter(Boolean).join(": ");
      const score = v.cvss
        ? `CVSS ${v.cvss.version} ${v.cvss.score.toFixed(1)} (${v.cvss.severity}), \`${v.cvss.vector}\``
        : "no CVSS score";
      return `- **${name}**: ${score}`;
    }),
    "",
    "## Affected versions",
    "",
    ...data.affected.map(
      (a) =>
        `- ${a.name}: ${a.affectedVersions}; ${a.fixedVersions.length > 0 ? `fixed in ${a.fixedVersions.join(", ")}` : "no fixed version yet"}`,
    ),
  ];
  if (content.upgradeInstructions)
    lines.push("", "## How to upgrade", "", content.upgradeInstructions.trim());
  if (content.workarounds) lines.push("", "## Mitigations and workarounds", "", content.workarounds.trim());
  if (content.fixes.length > 0) {
    lines.push("", "## Fixes", "", ...content.fixes.map((f) => `- ${f.title ? `${f.title}: ` : ""}${f.url}`));
  }
  if (content.credits.length > 0) {
    lines.push("", "## Credits", "", ...content.credits.map((c) => `- ${c.name} (${c.type})`));
  }
  lines.push("", `Advisory: ${meta.url}`, "");
  return lines.join("\n");
}
