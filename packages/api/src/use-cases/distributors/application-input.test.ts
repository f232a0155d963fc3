import { EMBARGO_POLICY } from "@disclose/domain";
import { describe, expect, it } from "vitest";
import { checkApplication, containsMarkup } from "./application-input";

describe("containsMarkup", () => {
  it.each([
    ["<script>alert(1)</script>", true],
    ["<img src=x onerror=alert(1)>", true],
    ["</p>", true],
    ["<br/>", true],
    ["<a href='https://x'>x</a>", true],
    ["<!-- hidden -->", true],
    ["<![CDATA[x]]>", true],
    ["<SCRIPT >", true],
    // A browser reads this as a <b> tag too.
    ["a<b and c>d", true],
  ])("finds markup in %s", (text, expected) => {
    expect(containsMarkup(text)).toBe(expected);
  });
  it.each([
    ["Write to <security@example.org>", false],
    ["Affects versions < 1.2 and > 1.0", false],
    ["See <https://example.org/advisories>", false],
    ["2 << 3", false],
  ])("leaves plain text alone: %s", (text, expected) => {
    expect(containsMarkup(text)).toBe(expected);
  });
});

describe("checkApplication", () => {
  it("gives every refusal at once, by field path, the schema's and the policy's", () => {
    const result = checkApplication({
      organizationName: "",
      distribution: "Example Linux",
      userBase: "Many.",
      trackRecord: "ftp://example.org",
      isDownstream: true,
      downstreamOf: "",
      contribution: "Reviews.",
      answers: {
        "active-distributor": { answer: "yes", evidence: "x" },
        "user-base": { answer: "We have many users in many countries.", evidence: "" },
        "security-track-record": { answer: "<b>We fix everything.</b> Really, we do.", evidence: "x" },
      },
      securityContact: "nope",
      emailDelivery: false,
      applicantName: "Alice",
      applicantEmail: "alice@example.org",
      teamKey: "key",
      embargoPolicyVersion: EMBARGO_POLICY.version,
      embargoPolicyAccepted: false,
      voucherEmail: "alice@example.org",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(
      [
        "organizationName",
        "trackRecord",
        "answers.user-base.evidence",
        "answers.security-track-record.answer",
        "answers.not-downstream",
        "answers.community-participant",
        "securityContact",
        "embargoPolicyAccepted",
        "downstreamOf",
        "voucherEmail",
        "answers.active-distributor.answer",
      ].sort(),
    );
    expect(result.fieldErrors["answers.active-distributor.answer"]).toMatch(/^Explain how you meet/);
  });
});
