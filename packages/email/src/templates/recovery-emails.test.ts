import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

const expiresAt = new Date("2026-12-03T20:40:00Z");

describe("account recovery emails", () => {
  it.each(["requested", "approval", "approved", "completed", "cancelled"] as const)(
    "tells the member about %s, with no link that signs in",
    (event) => {
      const email = renderEmail("recoveryNotice", {
        event,
        by: "Ada <Admin>",
        capacity: "an admin",
        expiresAt,
        accountUrl: "https://admin.example/account",
      });
      expect(email.text).toContain("https://admin.example/account");
      expect(email.text).toMatch(/tell an admin at once/);
      expect(email.html).not.toContain("<Admin>");
      expect(email.text.match(/https?:\/\/\S+/g)).toEqual(["https://admin.example/account"]);
    },
  );

  it("asks approvers to confirm by a call or in person, with the recoveries page", () => {
    const email = renderEmail("recoveryApprovalRequest", {
      memberName: "Mel Member",
      memberEmail: "mel@example.org",
      requestedAt: new Date("2026-11-30T20:40:00Z"),
      expiresAt,
      recoveriesUrl: "https://admin.example/recoveries",
    });
    expect(email.subject).toBe("Mel Member asks to recover their account");
    expect(email.text).toContain("by a call or in person");
    expect(email.text).toContain("2026-12-03 20:40 UTC");
    expect(email.html).toContain('href="https://admin.example/recoveries"');
  });
});
