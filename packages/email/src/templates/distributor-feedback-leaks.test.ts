import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

describe("distributor feedback and leak emails", () => {
  it("tell only who and where, escaping the organisation's name", () => {
    const email = renderEmail("distributorFeedbackReceived", {
      organizationName: "<b>Evil</b> Distro",
      reportShortId: "3f2a9c1b",
      url: "https://admin.example/reports/3f2a9c1b/distributors",
    });
    expect(email.subject).toBe("Distributor feedback arrived on case 3f2a9c1b");
    expect(email.html).not.toContain("<b>Evil</b>");
    expect(email.html).toContain("&lt;b&gt;Evil&lt;/b&gt;");
  });
  it("a leak report names the case only", () => {
    const email = renderEmail("distributorLeakReported", {
      reportShortId: "3f2a9c1b",
      url: "https://admin.example/reports/3f2a9c1b/distributors",
    });
    expect(email.subject).toBe("A leak was reported on case 3f2a9c1b");
    expect(email.text).toContain("when in doubt, go public as soon as possible");
  });
  it("a warning says a repeat removes the organisation", () => {
    const email = renderEmail("distributorOrganizationWarned", { organizationName: "Acme & Co" });
    expect(email.text).toContain("removed from the private distributors list");
    expect(email.html).toContain("Acme &amp; Co");
  });
});
