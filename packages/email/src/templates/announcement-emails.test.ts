import { describe, expect, it } from "vitest";
import type { AnnouncementData } from "./announcement";
import { renderEmail } from "./index";

const hostile = 'Evil <script>alert(1)</script> "Linux"';
const unsubscribeUrl =
  "https://portal.example/announcements/unsubscribe?s=0b8a6f0e-3c1d-4a55-9d61-5f2f2b1c9e11&t=abc";

const release: AnnouncementData = {
  projectName: "CoreDNS",
  advisoryId: "DISCLOSE-2026-0001",
  title: "Cache poisoning in the forward plugin",
  summary: "A crafted response can poison the cache.",
  vulnerabilities: [
    {
      cveId: "CVE-2026-12345",
      title: "Cache poisoning",
      cvss: {
        version: "3.1",
        score: 8.1,
        severity: "High",
        vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
      },
    },
    { cveId: null, cvss: null },
  ],
  affected: [
    {
      name: "Go package github.com/coredns/coredns",
      affectedVersions: ">= 1.0.0, < 1.12.3",
      fixedVersions: ["1.12.3"],
    },
    { name: "Example Org corefork", affectedVersions: "all versions", fixedVersions: [] },
  ],
  upgrade: "Upgrade to 1.12.3:\n\n    go get github.com/coredns/coredns@v1.12.3",
  workarounds: "Disable the forward plugin's cache.",
  fixes: [{ url: "https://github.com/coredns/coredns/pull/1", title: "forward: check the answer's id" }],
  credits: [{ name: "Ada Finder", type: "finder" }],
  advisoryUrl: "https://portal.example/advisories/DISCLOSE-2026-0001",
  unsubscribeUrl,
};

describe("announcement emails", () => {
  it("the confirmation carries the link, what was asked for and how long the link works", () => {
    const link = "https://portal.example/announcements/confirm?t=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    const email = renderEmail("announcementConfirm", {
      projectName: "CoreDNS",
      confirmLink: link,
      forthcoming: true,
      validDays: 7,
    });
    expect(email.subject).toBe("Confirm your subscription to CoreDNS security announcements");
    expect(email.text).toContain(link);
    expect(email.text).toContain("within 7 days");
    expect(email.text).toContain("forthcoming security fixes");
    expect(email.html).toContain(`href="${link}"`);
    expect(
      renderEmail("announcementConfirm", {
        projectName: "CoreDNS",
        confirmLink: link,
        forthcoming: false,
        validDays: 1,
      }).text,
    ).not.toContain("forthcoming");
  });

  it("the release announcement names the CVEs, CVSS, versions, upgrade, mitigations, fixes, credits and the advisory", () => {
    const email = renderEmail("announcement", release);
    expect(email.subject).toBe(
      "[CoreDNS security] DISCLOSE-2026-0001: Cache poisoning in the forward plugin",
    );
    for (const part of [
      "CVE-2026-12345: Cache poisoning (CVSS 3.1 8.1 (High) CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H)",
      "CVE ID pending (no CVSS score)",
      "- Go package github.com/coredns/coredns: affected >= 1.0.0, < 1.12.3; fixed in 1.12.3",
      "- Example Org corefork: affected all versions; no fixed version yet",
      "How to upgrade:\nUpgrade to 1.12.3:",
      "Mitigations and workarounds:\nDisable the forward plugin's cache.",
      "- forward: check the answer's id: https://github.com/coredns/coredns/pull/1",
      "- Ada Finder (finder)",
      "The advisory: https://portal.example/advisories/DISCLOSE-2026-0001",
      `Unsubscribe: ${unsubscribeUrl}`,
    ]) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain(`href="${unsubscribeUrl.replaceAll("&", "&amp;")}"`);
    expect(email.html).toContain("&gt;= 1.0.0, &lt; 1.12.3");
  });

  it("leaves out the sections it has nothing for", () => {
    const email = renderEmail("announcement", {
      ...release,
      upgrade: null,
      workarounds: null,
      fixes: [],
      credits: [],
    });
    expect(email.text).not.toContain("How to upgrade");
    expect(email.text).not.toContain("Mitigations");
    expect(email.text).not.toContain("Fixes:");
    expect(email.text).not.toContain("Credits:");
  });

  it("escapes hostile text, neutralises hostile links and keeps the subject on one line", () => {
    const email = renderEmail("announcement", {
      ...release,
      title: `${hostile}\r\nBcc: eve@example.org`,
      summary: hostile,
      credits: [{ name: hostile, type: "finder" }],
      fixes: [{ url: "javascript:alert(1)" }],
      upgrade: hostile,
      advisoryUrl: "data:text/html,<b>x</b>",
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain('href="javascript:');
    expect(email.html).not.toContain('href="data:');
    const notice = renderEmail("announcementNotice", {
      projectName: "CoreDNS",
      title: hostile,
      notice: `${hostile}\n\nSecond paragraph.`,
      unsubscribeUrl: "javascript:alert(1)",
    });
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).toContain('href="#"');
    expect(notice.text).toContain("Second paragraph.");
  });

  it("the forthcoming-fix notice carries the Fix Lead's words and the unsubscribe link", () => {
    const email = renderEmail("announcementNotice", {
      projectName: "CoreDNS",
      title: "Security release of 1.12.3 on 10 December",
      notice: "A high-severity fix is coming on 10 December at 14:00 UTC.",
      unsubscribeUrl,
    });
    expect(email.subject).toBe(
      "[CoreDNS security] Forthcoming security fix: Security release of 1.12.3 on 10 December",
    );
    expect(email.text).toContain("A high-severity fix is coming");
    expect(email.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
  });
});
