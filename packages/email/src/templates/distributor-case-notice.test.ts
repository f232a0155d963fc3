import { describe, expect, it } from "vitest";
import { renderEmail } from "../index";

describe("distributorCaseNotice", () => {
  it("names the project, the case's short id and the embargo end, and nothing else", () => {
    const email = renderEmail("distributorCaseNotice", {
      projectName: "CoreDNS",
      caseId: "3f2a9c1b-1111-2222-3333-444455556666",
      disclosureAt: new Date("2026-12-10T15:00:00Z"),
      adminUrl: "https://admin.example/",
    });
    expect(email.subject).toBe("[EMBARGOED] CoreDNS case 3f2a9c1b: action needed by 2026-12-10 15:00 UTC");
    expect(email.text).toContain(
      "https://admin.example/distributor/cases/3f2a9c1b-1111-2222-3333-444455556666",
    );
    expect(email.text).toContain("Embargoed material is waiting");
    const reminder = renderEmail("distributorCaseNotice", {
      projectName: "CoreDNS",
      caseId: "3f2a9c1b-1111-2222-3333-444455556666",
      disclosureAt: new Date("2026-12-10T15:00:00Z"),
      adminUrl: "https://admin.example",
      kind: "ending",
    });
    expect(reminder.subject).toBe(email.subject);
    expect(reminder.text).toContain("ends within a day");
    expect(email.html).toContain(
      'href="https://admin.example/distributor/cases/3f2a9c1b-1111-2222-3333-444455556666"',
    );
  });
});
