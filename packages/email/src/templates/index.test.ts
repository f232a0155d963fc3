import { describe, expect, it } from "vitest";
import { escapeHtml, html, renderEmail, safeUrl } from "./index";

describe("html", () => {
  it("escapes interpolations but not nested html", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${["a&b", 1, null, false]}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>a&amp;b1</p>',
    );
    expect(escapeHtml(`<script>alert('x')</script>`)).toBe("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });

  it.each([
    ["javascript:alert(1)", "#"],
    ["data:text/html,<b>", "#"],
    ["not a url", "#"],
    ["https://example.org/t?a=1&b=2", "https://example.org/t?a=1&b=2"],
    ["mailto:security@example.org", "mailto:security@example.org"],
  ])("safeUrl(%s) = %s", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe("renderEmail", () => {
  it("renders the test template with text and escaped HTML", () => {
    const email = renderEmail("test", {
      recipientName: "Mallory <script>",
      note: "a & b",
      link: "javascript:alert(1)",
    });
    expect(email.subject).toBe("Disclose test message for Mallory <script>");
    expect(email.text).toContain("Hello Mallory <script>,");
    expect(email.text).toContain("a & b");
    expect(email.html).toContain("Hello Mallory &lt;script&gt;,");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("<p>a &amp; b</p>");
    expect(email.html).toContain('<a href="#">javascript:alert(1)</a>');
  });

  it("keeps the subject on one line", () => {
    expect(renderEmail("test", { recipientName: "a\r\nBcc: eve@example.org" }).subject).toBe(
      "Disclose test message for a Bcc: eve@example.org",
    );
  });

  it("confirms a report by its id and date, without any link", () => {
    const email = renderEmail("reportReceived", {
      reportId: "a6adaef0-8da4-45c7-b2d3-7a709854739d",
      receivedAt: new Date("2026-11-24T12:34:56Z"),
    });
    expect(email.text).toContain("2026-11-24 12:34 UTC");
    expect(email.text).toContain("a6adaef0-8da4-45c7-b2d3-7a709854739d");
    expect(email.text).not.toMatch(/https?:/);
    expect(email.html).not.toContain("href");
  });

  it("sends the tracking link as text and as an escaped link", () => {
    const link = "https://portal.example/track/id.secret#key";
    const email = renderEmail("trackingLink", { link });
    expect(email.text).toContain(link);
    expect(email.html).toContain(`<a href="${link}">${link}</a>`);
    expect(renderEmail("trackingLink", { link: "javascript:alert(1)" }).html).toContain('href="#"');
  });

  it("sends the sign-in link with how long it works, and neutralises a hostile one", () => {
    const link = "https://admin.example/api/auth/callback/email?token=t&email=a%40b.test";
    const email = renderEmail("signInLink", { link, validMinutes: 15 });
    expect(email.subject).toBe("Sign in to Disclose");
    expect(email.text).toContain(link);
    expect(email.text).toContain("15 minutes");
    expect(email.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
    expect(renderEmail("signInLink", { link: "javascript:alert(1)", validMinutes: 15 }).html).toContain(
      'href="#"',
    );
  });

  it("invites a new member to the sign-in page with their address, and carries no token", () => {
    const email = renderEmail("invitation", {
      name: "Ada <b>Lovelace</b>",
      email: "ada@example.org",
      adminUrl: "https://admin.example/",
    });
    expect(email.subject).toBe("You have an account on Disclose");
    expect(email.text).toContain("Hello Ada <b>Lovelace</b>,");
    expect(email.text).toContain("https://admin.example/sign-in");
    expect(email.text).toContain("ada@example.org");
    expect(email.html).toContain('<a href="https://admin.example/sign-in">https://admin.example/sign-in</a>');
    expect(email.html).toContain("Hello Ada &lt;b&gt;Lovelace&lt;/b&gt;,");
    expect(email.html).not.toContain("<b>Lovelace");
    // Sign-in is by magic link and authenticator: the invitation itself must never work as a key.
    for (const part of [email.text, email.html]) {
      expect(part).not.toMatch(/token|[?&][a-z]+=/i);
    }
    expect(
      renderEmail("invitation", { name: "x", email: "x@example.org", adminUrl: "javascript:alert(1)//" })
        .html,
    ).toContain('href="#"');
  });
});
