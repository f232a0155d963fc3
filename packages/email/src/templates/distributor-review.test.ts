import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

// The review of applications to the private distributors list: what the PST and the applicant are sent.
describe("distributor review emails", () => {
  it("tells the PST who vouched, how, and where to decide, with names escaped and the subject on one line", () => {
    const email = renderEmail("distributorVouchReceived", {
      organizationName: "Evil <b>Linux</b>\r\nBcc: eve@example.org",
      voucherName: "Mallory <script>",
      decision: "declined",
      applicationUrl: "https://admin.example/distributors/applications/a6adaef0-8da4-45c7-b2d3-7a709854739d",
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain("declined to vouch for");
    expect(email.text).toContain("https://admin.example/distributors/applications/a6adaef0");
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<b>Linux</b>");
  });

  it("tells an approved applicant where to sign in, with no token in the mail", () => {
    const email = renderEmail("distributorApplicationApproved", {
      name: "Alice",
      email: "alice@example.org",
      organizationName: "Acme Linux",
      adminUrl: "https://admin.example/",
    });
    expect(email.subject).toBe("Acme Linux is on the private distributors list");
    expect(email.text).toContain("https://admin.example/sign-in");
    expect(email.text).toContain("alice@example.org");
    expect(email.text).not.toMatch(/token=|\/sign-in\/[A-Za-z0-9]/);
  });

  it("gives a rejected applicant the PST's reason, escaped in HTML", () => {
    const email = renderEmail("distributorApplicationRejected", {
      name: "Alice",
      organizationName: "Acme Linux",
      reason: "No track record <img src=x onerror=alert(1)>",
    });
    expect(email.text).toContain("No track record <img src=x onerror=alert(1)>");
    expect(email.html).toContain("No track record &lt;img src=x onerror=alert(1)&gt;");
  });
});
