import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

describe("unheldKeyMail", () => {
  const data = {
    reportShortId: "a6adaef0",
    reportUrl: "https://admin.example/reports/a6adaef0-8da4-45c7-b2d3-7a709854739d",
    receivedAt: "2026-11-30 20:41 UTC",
    keys: ["an unknown key ABCDEF0123456789", "retired key <b>X</b> of Mallory <script>"],
    advice: ["Ask the key's owner to decrypt it."],
  };

  it("names the keys and what to do, with the report's link", () => {
    const email = renderEmail("unheldKeyMail", data);
    expect(email.subject).toBe("A report by email no one here can read yet (report a6adaef0)");
    expect(email.text).toContain("- an unknown key ABCDEF0123456789");
    expect(email.text).toContain("- Ask the key's owner to decrypt it.");
    expect(email.text).toContain(data.reportUrl);
    expect(email.html).toContain(`<a href="${data.reportUrl}">`);
  });

  it("escapes what a key's owner name may hold", () => {
    const email = renderEmail("unheldKeyMail", data);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Mallory &lt;script&gt;");
  });
});
