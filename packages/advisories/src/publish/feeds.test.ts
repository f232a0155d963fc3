import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { atomFeed, jsonFeed, type TFeedAdvisory, type TFeedOptions } from "./feeds";

// A strict XML parser (sax in strict mode, through xml-js that `feed` itself depends on): malformed XML throws.
const requireFromFeed = createRequire(createRequire(import.meta.url).resolve("feed"));
const xml = requireFromFeed("xml-js") as {
  xml2js(text: string, options: { compact: false }): TXmlNode;
};
interface TXmlNode {
  type?: string;
  name?: string;
  attributes?: Record<string, string>;
  elements?: TXmlNode[];
  text?: string;
  cdata?: string;
}

const NOW = new Date("2026-11-30T12:00:00Z");
const OPTIONS: TFeedOptions = {
  title: "Example Project security advisories",
  description: "Security advisories of Example Project",
  siteUrl: "https://security.example.org/advisories",
  feedUrl: "https://security.example.org/advisories/feed.atom",
  author: { name: "Example Project security team", email: "security@example.org" },
  language: "en",
  now: NOW,
};

function advisory(overrides: Partial<TFeedAdvisory> & { id: string }): TFeedAdvisory {
  return {
    url: `https://security.example.org/advisories/${overrides.id}`,
    title: `Advisory ${overrides.id}`,
    summary: "A summary.",
    severity: "high",
    cvssScore: 8.1,
    cveIds: [],
    published: new Date("2026-10-01T00:00:00Z"),
    modified: new Date("2026-10-01T00:00:00Z"),
    ...overrides,
  };
}

const HOSTILE_TITLE = "Parser <script>alert(1)</script> & ]]> overflow\nSecond line ]]> \u0001\u0008end";
const ITEMS: TFeedAdvisory[] = [
  advisory({
    id: "DISCLOSE-2026-0001",
    modified: new Date("2026-10-02T00:00:00Z"),
    cveIds: ["CVE-2026-1111"],
  }),
  advisory({
    id: "DISCLOSE-2026-0003",
    title: HOSTILE_TITLE,
    summary: "First paragraph with <b>tags</b> & ampersands.\n\nSecond paragraph\nwith a line break.",
    severity: "critical",
    cvssScore: 9.8,
    cveIds: ["CVE-2026-3333", "CVE-2026-3334"],
    published: new Date("2026-11-01T00:00:00Z"),
    modified: new Date("2026-11-20T10:00:00Z"),
  }),
  advisory({
    id: "DISCLOSE-2026-0002",
    modified: new Date("2026-10-02T00:00:00Z"),
    severity: null,
    cvssScore: null,
    withdrawn: { at: new Date("2026-10-02T00:00:00Z"), reason: "Not a vulnerability: the input is trusted." },
  }),
];

function child(node: TXmlNode, name: string): TXmlNode | undefined {
  return node.elements?.find((e) => e.name === name);
}
function children(node: TXmlNode, name: string): TXmlNode[] {
  return node.elements?.filter((e) => e.name === name) ?? [];
}
function textOf(node: TXmlNode | undefined): string {
  return (node?.elements ?? []).map((e) => e.text ?? e.cdata ?? "").join("");
}
function decodeHtml(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("atomFeed", () => {
  const text = atomFeed(ITEMS, OPTIONS);
  const root = xml.xml2js(text, { compact: false });
  const feed = child(root, "feed") as TXmlNode;

  it("is well-formed Atom 1.0 with the feed's required elements", () => {
    expect(feed.attributes?.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(textOf(child(feed, "id"))).toBe(OPTIONS.feedUrl);
    expect(textOf(child(feed, "title"))).toBe(OPTIONS.title);
    expect(textOf(child(child(feed, "author") as TXmlNode, "name"))).toBe("Example Project security team");
    const links = children(feed, "link").map((l) => l.attributes);
    expect(links).toContainEqual({ rel: "self", href: OPTIONS.feedUrl });
    expect(links).toContainEqual({ rel: "alternate", href: OPTIONS.siteUrl });
    // updated: the newest `modified`, not the clock.
    expect(textOf(child(feed, "updated"))).toBe("2026-11-20T10:00:00.000Z");
  });

  it("carries every advisory, newest modified first, then by ID", () => {
    const entries = children(feed, "entry");
    expect(entries.map((e) => textOf(child(e, "id")))).toEqual([
      "https://security.example.org/advisories/DISCLOSE-2026-0003",
      "https://security.example.org/advisories/DISCLOSE-2026-0001",
      "https://security.example.org/advisories/DISCLOSE-2026-0002",
    ]);
    for (const entry of entries) {
      for (const required of ["id", "title", "updated", "published", "link", "summary", "content"]) {
        expect(child(entry, required), required).toBeDefined();
      }
    }
    const first = entries[0] as TXmlNode;
    expect(textOf(child(first, "updated"))).toBe("2026-11-20T10:00:00.000Z");
    expect(textOf(child(first, "published"))).toBe("2026-11-01T00:00:00.000Z");
    expect(children(first, "category").map((c) => c.attributes?.term)).toEqual([
      "critical",
      "CVE-2026-3333",
      "CVE-2026-3334",
    ]);
  });

  it("keeps a hostile title on one line, escaped as HTML, without breaking the XML", () => {
    const entry = children(feed, "entry")[0] as TXmlNode;
    const title = child(entry, "title") as TXmlNode;
    expect(title.attributes?.type).toBe("html");
    const html = textOf(title);
    expect(html).not.toMatch(/[<>\n]/);
    expect(html.includes("\u0001") || html.includes("\u0008")).toBe(false);
    expect(decodeHtml(html)).toBe(
      "DISCLOSE-2026-0003: Parser <script>alert(1)</script> & ]]> overflow Second line ]]> end (CVE-2026-3333, CVE-2026-3334)",
    );
    const content = textOf(child(entry, "content"));
    expect(content).not.toContain("<script>");
    expect(content).toContain("<p>First paragraph with &lt;b&gt;tags&lt;/b&gt; &amp; ampersands.</p>");
    expect(content).toContain("<p>Second paragraph<br>with a line break.</p>");
    expect(content).toContain("Severity: Critical (CVSS 9.8)");
  });

  it("marks a withdrawn advisory with its reason", () => {
    const entry = children(feed, "entry")[2] as TXmlNode;
    expect(decodeHtml(textOf(child(entry, "title")))).toBe(
      "Withdrawn: DISCLOSE-2026-0002: Advisory DISCLOSE-2026-0002",
    );
    expect(textOf(child(entry, "content"))).toContain(
      "<strong>Withdrawn</strong> on 2026-10-02: Not a vulnerability: the input is trusted.",
    );
  });

  it("is the same text for the same advisories in any order", () => {
    expect(atomFeed([...ITEMS].reverse(), OPTIONS)).toBe(text);
    expect(atomFeed([ITEMS[1], ITEMS[2], ITEMS[0]] as TFeedAdvisory[], OPTIONS)).toBe(text);
  });

  it("keeps the newest `limit` entries, and dates an empty feed `now`", () => {
    const limited = xml.xml2js(atomFeed(ITEMS, { ...OPTIONS, limit: 1 }), { compact: false });
    expect(children(child(limited, "feed") as TXmlNode, "entry")).toHaveLength(1);
    const empty = child(xml.xml2js(atomFeed([], OPTIONS), { compact: false }), "feed") as TXmlNode;
    expect(children(empty, "entry")).toHaveLength(0);
    expect(textOf(child(empty, "updated"))).toBe(NOW.toISOString());
  });

  it("refuses unusable input, naming the field", () => {
    expect(() => atomFeed([advisory({ id: "A", url: "javascript:alert(1)" })], OPTIONS)).toThrow(
      "items[0].url: not an absolute http(s) URL.",
    );
    expect(() =>
      atomFeed([advisory({ id: "A" }), advisory({ id: "A", url: "https://x.test/b" })], OPTIONS),
    ).toThrow('items[1].id: "A" is also items[0].id.');
    expect(() => atomFeed([advisory({ id: "A", modified: new Date("nope") })], OPTIONS)).toThrow(
      "items[0].modified: not a valid date.",
    );
    expect(() => atomFeed([advisory({ id: "A", title: " \n " })], OPTIONS)).toThrow("items[0].title: empty.");
    expect(() => atomFeed(ITEMS, { ...OPTIONS, feedUrl: "/feed.atom" })).toThrow("options.feedUrl");
  });
});

// JSON Feed 1.1 item fields; anything else must be an extension (a key starting with `_`).
const KNOWN_ITEM_KEYS = new Set([
  "id",
  "url",
  "external_url",
  "title",
  "content_html",
  "content_text",
  "summary",
  "image",
  "banner_image",
  "date_published",
  "date_modified",
  "authors",
  "tags",
  "language",
  "attachments",
]);

describe("jsonFeed", () => {
  const options = { ...OPTIONS, feedUrl: "https://security.example.org/advisories/feed.json" };
  const text = jsonFeed(ITEMS, options);
  const feed = JSON.parse(text) as {
    version: string;
    title: string;
    home_page_url: string;
    feed_url: string;
    language: string;
    authors: { name: string }[];
    author?: unknown;
    items: {
      id: string;
      url: string;
      title: string;
      summary: string;
      content_html: string;
      date_published: string;
      date_modified: string;
      tags: string[];
      _security_advisory: Record<string, unknown>;
    }[];
  };

  it("is JSON Feed 1.1 with the feed's fields", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe(OPTIONS.title);
    expect(feed.home_page_url).toBe(OPTIONS.siteUrl);
    expect(feed.feed_url).toBe(options.feedUrl);
    expect(feed.language).toBe("en");
    expect(feed.authors).toEqual([{ name: "Example Project security team" }]);
    expect(feed.author).toBeUndefined();
  });

  it("gives every item what JSON Feed 1.1 requires (a unique string id, content)", () => {
    const ids = feed.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(item.content_html.length).toBeGreaterThan(0);
      expect(Object.keys(item).filter((k) => !KNOWN_ITEM_KEYS.has(k) && !k.startsWith("_"))).toEqual([]);
    }
  });

  it("carries every advisory in the same order as Atom, with plain-text titles and escaped HTML", () => {
    expect(feed.items.map((i) => i._security_advisory.id)).toEqual([
      "DISCLOSE-2026-0003",
      "DISCLOSE-2026-0001",
      "DISCLOSE-2026-0002",
    ]);
    const [hostile, plain, withdrawn] = feed.items;
    expect(hostile?.title).toBe(
      "DISCLOSE-2026-0003: Parser <script>alert(1)</script> & ]]> overflow Second line ]]> end (CVE-2026-3333, CVE-2026-3334)",
    );
    expect(hostile?.content_html).not.toContain("<script>");
    expect(hostile?.date_modified).toBe("2026-11-20T10:00:00.000Z");
    expect(hostile?.date_published).toBe("2026-11-01T00:00:00.000Z");
    expect(hostile?.tags).toEqual(["critical", "CVE-2026-3333", "CVE-2026-3334"]);
    expect(hostile?._security_advisory).toEqual({
      id: "DISCLOSE-2026-0003",
      severity: "critical",
      cvss_score: 9.8,
      cve_ids: ["CVE-2026-3333", "CVE-2026-3334"],
      withdrawn: null,
    });
    expect(plain?.url).toBe("https://security.example.org/advisories/DISCLOSE-2026-0001");
    expect(plain?.summary).toBe("A summary.");
    expect(withdrawn?._security_advisory.withdrawn).toEqual({
      date: "2026-10-02T00:00:00.000Z",
      reason: "Not a vulnerability: the input is trusted.",
    });
  });

  it("is the same text for the same advisories in any order", () => {
    expect(jsonFeed([...ITEMS].reverse(), options)).toBe(text);
  });
});
