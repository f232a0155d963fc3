import { html, type SafeHtml, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface AnnouncementVulnerability {
  cveId: string | null;
  title?: string | undefined;
  /** The CVSS score as scored from the vector; null when the vulnerability has none. */
  cvss: { version: string; score: number; severity: string; vector: string } | null;
}

export interface AnnouncementAffected {
  /** "npm package left-pad", "Example Org libfoo". */
  name: string;
  /** Affected versions in words, e.g. ">= 1.0.0, < 1.4.2". */
  affectedVersions: string;
  /** Versions with the fix; empty when there is none yet. */
  fixedVersions: string[];
}

export interface AnnouncementData {
  projectName: string;
  advisoryId: string;
  title: string;
  summary: string;
  vulnerabilities: AnnouncementVulnerability[];
  affected: AnnouncementAffected[];
  /** How to upgrade (plain text or light Markdown, shown as written); null for none. */
  upgrade: string | null;
  /** Mitigations and workarounds (plain text or light Markdown); null for none. */
  workarounds: string | null;
  /** Merged pull requests and fix commits. */
  fixes: { url: string; title?: string | undefined }[];
  credits: { name: string; type: string }[];
  advisoryUrl: string;
  /** The subscriber's own unsubscribe page (a link with a button: following it alone unsubscribes no one). */
  unsubscribeUrl: string;
}

const cvssText = (v: AnnouncementVulnerability) =>
  v.cvss
    ? `CVSS ${v.cvss.version} ${v.cvss.score.toFixed(1)} (${v.cvss.severity}) ${v.cvss.vector}`
    : "no CVSS score";

const vulnerabilityName = (v: AnnouncementVulnerability) =>
  [v.cveId ?? "CVE ID pending", v.title].filter(Boolean).join(": ");

/** Paragraphs of a plain text, for the HTML part (each escaped; line breaks kept). */
function paragraphs(textBlock: string): SafeHtml[] {
  return textBlock
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => html`<p style="white-space: pre-wrap">${p}</p>`);
}

/**
 * The release announcement to the subscribers of security announcements: what is affected, what fixes it, how
 * to upgrade, what to do meanwhile, who found it, and where the advisory is. The text part is the announcement;
 * the HTML part says the same. The advisory page stays the reference (the mail is a copy of the day).
 */
export function announcement(data: AnnouncementData): RenderedEmail {
  const subject = `[${data.projectName} security] ${data.advisoryId}: ${data.title}`;
  const lines: string[] = [
    `${data.projectName} security advisory ${data.advisoryId}`,
    data.title,
    "",
    data.summary,
    "",
    "Vulnerabilities:",
    ...data.vulnerabilities.map((v) => `- ${vulnerabilityName(v)} (${cvssText(v)})`),
    "",
    "Affected:",
    ...data.affected.map(
      (a) =>
        `- ${a.name}: affected ${a.affectedVersions}; ${a.fixedVersions.length > 0 ? `fixed in ${a.fixedVersions.join(", ")}` : "no fixed version yet"}`,
    ),
  ];
  if (data.upgrade) lines.push("", "How to upgrade:", data.upgrade.trim());
  if (data.workarounds) lines.push("", "Mitigations and workarounds:", data.workarounds.trim());
  if (data.fixes.length > 0) {
    lines.push("", "Fixes:", ...data.fixes.map((f) => `- ${f.title ? `${f.title}: ` : ""}${f.url}`));
  }
  if (data.credits.length > 0) {
    lines.push("", "Credits:", ...data.credits.map((c) => `- ${c.name} (${c.type})`));
  }
  lines.push(
    "",
    `The advisory: ${data.advisoryUrl}`,
    "",
    "--",
    `You receive this because you subscribed to ${data.projectName} security announcements.`,
    `Unsubscribe: ${data.unsubscribeUrl}`,
  );
  const text = lines.join("\n");

  const body = html`<p><strong>${data.projectName} security advisory ${data.advisoryId}</strong></p>
<h1 style="font-size: 1.25rem">${data.title}</h1>
<p>${data.summary}</p>
<h2 style="font-size: 1rem">Vulnerabilities</h2>
<ul>${data.vulnerabilities.map((v) => html`<li>${vulnerabilityName(v)} (${cvssText(v)})</li>`)}</ul>
<h2 style="font-size: 1rem">Affected</h2>
<ul>${data.affected.map(
    (a) =>
      html`<li>${a.name}: affected ${a.affectedVersions}; ${
        a.fixedVersions.length > 0 ? `fixed in ${a.fixedVersions.join(", ")}` : "no fixed version yet"
      }</li>`,
  )}</ul>
${data.upgrade ? html`<h2 style="font-size: 1rem">How to upgrade</h2>${paragraphs(data.upgrade)}` : ""}
${data.workarounds ? html`<h2 style="font-size: 1rem">Mitigations and workarounds</h2>${paragraphs(data.workarounds)}` : ""}
${
  data.fixes.length > 0
    ? html`<h2 style="font-size: 1rem">Fixes</h2>
<ul>${data.fixes.map((f) => html`<li>${f.title ? `${f.title}: ` : ""}<a href="${safeUrl(f.url)}">${f.url}</a></li>`)}</ul>`
    : ""
}
${
  data.credits.length > 0
    ? html`<h2 style="font-size: 1rem">Credits</h2>
<ul>${data.credits.map((c) => html`<li>${c.name} (${c.type})</li>`)}</ul>`
    : ""
}
<p>The advisory: <a href="${safeUrl(data.advisoryUrl)}">${data.advisoryUrl}</a></p>
<p style="color: #666; font-size: 0.85rem">You receive this because you subscribed to ${data.projectName} security
announcements. <a href="${safeUrl(data.unsubscribeUrl)}">Unsubscribe</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
