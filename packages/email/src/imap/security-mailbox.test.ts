import { describe, expect, it } from "vitest";
import { parseImapUrl } from "./security-mailbox";

describe("SECURITY_IMAP_URL", () => {
  it("reads the mailbox, its folders and what happens after a report", () => {
    expect(
      parseImapUrl("imaps://sec%40example.org:p%40ss@imap.example.org/Reports?quarantine=Aside&after=delete"),
    ).toEqual({
      host: "imap.example.org",
      port: 993,
      secure: true,
      user: "sec@example.org",
      password: "p@ss",
      inbox: "Reports",
      processedFolder: "Processed",
      quarantineFolder: "Aside",
      afterReport: "delete",
    });
    expect(parseImapUrl("imap://u:p@127.0.0.1:1143")).toMatchObject({
      port: 1143,
      secure: false,
      inbox: "INBOX",
    });
  });

  it.each([
    ["not a URL", "imap server please"],
    ["another scheme", "https://u:p@example.org/INBOX"],
    ["no password", "imap://u@example.org/INBOX"],
    ["no user", "imap://:p@example.org/INBOX"],
    ["an unknown after=", "imap://u:p@example.org/INBOX?after=shred"],
  ])("refuses %s, without echoing the password", (_label, value) => {
    expect(() => parseImapUrl(value)).toThrow(/SECURITY_IMAP_URL/);
    try {
      parseImapUrl(value);
    } catch (error) {
      expect(String(error)).not.toContain(":p@");
    }
  });
});
