import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

describe("distributorOrganizationRemoved", () => {
  it("gives the organisation and the PST's reason, escaped in HTML", () => {
    const email = renderEmail("distributorOrganizationRemoved", {
      organizationName: "Acme <Linux>",
      reason: 'No release in two years.\n<script>alert("x")</script>',
    });
    expect(email.subject).toBe("Acme <Linux> has been removed from the private distributors list");
    expect(email.text).toContain('No release in two years.\n<script>alert("x")</script>');
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.html).toContain("Acme &lt;Linux&gt;");
  });

  it("keeps a subject on one line whatever the name holds", () => {
    const email = renderEmail("distributorOrganizationRemoved", {
      organizationName: "A\nB",
      reason: "reason here",
    });
    expect(email.subject).not.toMatch(/\n/);
  });
});
