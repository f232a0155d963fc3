import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

const hostile = 'Evil <script>alert(1)</script> "Linux"';
const at = new Date("2026-12-01T12:00:00Z");

describe("distributor application emails", () => {
  it("the applicant's receipt holds the tracking link only when asked for", () => {
    const without = renderEmail("distributorApplicationReceived", {
      organizationName: "Example Linux",
      submittedAt: at,
      trackingLink: null,
    });
    expect(without.text).toContain("2026-12-01 12:00 UTC");
    expect(without.text).not.toContain("/distributors/applications/");
    const link =
      "https://portal.example/distributors/applications/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    const withLink = renderEmail("distributorApplicationReceived", {
      organizationName: "Example Linux",
      submittedAt: at,
      trackingLink: link,
    });
    expect(withLink.text).toContain(link);
    expect(withLink.html).toContain(`href="${link}"`);
  });

  it.each([
    [
      "distributorApplicationReceived",
      () =>
        renderEmail("distributorApplicationReceived", {
          organizationName: hostile,
          submittedAt: at,
          trackingLink: null,
        }),
    ],
    [
      "distributorVouchRequest",
      () =>
        renderEmail("distributorVouchRequest", {
          organizationName: hostile,
          applicantName: hostile,
          applicationUrl: "https://admin.example/distributors/applications/1",
        }),
    ],
    [
      "distributorApplicationAlert",
      () =>
        renderEmail("distributorApplicationAlert", {
          organizationName: hostile,
          submittedAt: at,
          applicationUrl: "https://admin.example/distributors/applications/1",
        }),
    ],
  ])("%s escapes what the applicant wrote and keeps it out of the subject", (_name, render) => {
    const email = render();
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.subject).not.toContain("Evil");
  });
});
