import { type Author, Feed, type Item } from "feed";
import { escapeHtml, oneLine, xmlSafeText } from "./text";

/** What a feed needs of a published advisory (the advisory model maps onto this). */
export interface TFeedAdvisory {
  /** The advisory's identifier, e.g. `DISCLOSE-2026-0001` or a GHSA ID. */
  id: string;
  /** Absolute URL of the advisory page; also the entry's permanent ID. */
  url: string;
  title: string;
  /** Plain text (not Markdown, not HTML). */
  summary: string;
  /** "none" | "low" | "medium" | "high" | "critical", as the case's CVSS gives it. */
  severity?: string | null;
  cvssScore?: number | null;
  cveIds: readonly string[];
  published: Date;
  modified: Date;
  withdrawn?: { at: Date; reason: string } | null;
}

export interface TFeedOptions {
  /** e.g. "Example Project security advisories". */
  title: string;
  description?: string;
  /** The advisory list page (the feed's `alternate` link). */
  siteUrl: string;
  /** This feed's own URL (its `self` link and, unless `id` is given, its ID). */
  feedUrl: string;
  id?: string;
  /** Atom needs a feed author when entries have none: the project. */
  author: { name: string; email?: string; url?: string };
  language?: string;
  /** Newest entries kept (default 100): readers poll often, the archive is the list page. */
  limit?: number;
  /** The feed's `updated` when there is no advisory yet; otherwise the newest `modified` is used. */
  now: Date;
}

export const DEFAULT_FEED_LIMIT = 100;

/** Newest `modified` first, then ID: the same advisories always give the same feed, byte for byte. */
export function sortForFeed<T extends Pick<TFeedAdvisory, "id" | "modified">>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => b.modified.getTime() - a.modified.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Atom 1.0 (RFC 4287) feed of published advisories. Throws, naming the field, on an unusable item. */
export function atomFeed(items: readonly TFeedAdvisory[], options: TFeedOptions): string {
  return buildFeed(items, options, "atom").atom1();
}

/** JSON Feed 1.1 of published advisories, with `_security_advisory` on each item for tools. */
export function jsonFeed(items: readonly TFeedAdvisory[], options: TFeedOptions): string {
  const feed = JSON.parse(buildFeed(items, options, "json").json1()) as Record<string, unknown>;
  // The package writes JSON Feed 1.0 (`version`, `author`); 1.1 names the version and takes `authors` instead.
  const { author, items: entries, ...rest } = feed;
  const out: Record<string, unknown> = {
    ...rest,
    version: "https://jsonfeed.org/version/1.1",
    ...(options.language ? { language: options.language } : {}),
    ...(author ? { authors: [author] } : {}),
    items: entries,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

type TFormat = "atom" | "json";

function buildFeed(items: readonly TFeedAdvisory[], options: TFeedOptions, format: TFormat): Feed {
  checkOptions(options);
  items.forEach(checkItem);
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) throw new Error(`items[${i}].id: "${item.id}" is also items[${first}].id.`);
    seen.set(item.id, i);
  });
  const limit = options.limit ?? DEFAULT_FEED_LIMIT;
  const kept = sortForFeed(items).slice(0, limit);
  const author: Author = {
    name: oneLine(options.author.name),
    ...(options.author.email ? { email: oneLine(options.author.email) } : {}),
    ...(options.author.url ? { link: options.author.url } : {}),
  };
  const feed = new Feed({
    id: options.id ?? options.feedUrl,
    title: oneLine(options.title),
    ...(options.description ? { description: oneLine(options.description) } : {}),
    link: options.siteUrl,
    feedLinks: format === "atom" ? { atom: options.feedUrl } : { json: options.feedUrl },
    // Given explicitly: the package would otherwise stamp the current time, and the feed would change each call.
    updated: kept[0]?.modified ?? options.now,
    generator: "Disclose",
    author,
    ...(options.language ? { language: options.language } : {}),
  });
  for (const advisory of kept) feed.addItem(toItem(advisory, format));
  return feed;
}

function toItem(advisory: TFeedAdvisory, format: TFormat): Item {
  const title = entryTitle(advisory);
  const summary = xmlSafeText(advisory.summary).trim();
  const tags = [
    ...(advisory.severity ? [oneLine(advisory.severity).toLowerCase()] : []),
    ...advisory.cveIds.map(oneLine),
    ...(advisory.withdrawn ? ["withdrawn"] : []),
  ].filter((tag) => tag !== "");
  const item: Item = {
    // Atom's entry title is `type="html"`, so the plain title is escaped; JSON Feed's `title` is plain text.
    title: format === "atom" ? escapeHtml(title) : title,
    id: advisory.url,
    link: advisory.url,
    date: advisory.modified,
    published: advisory.published,
    description: format === "atom" ? escapeHtml(summary) : summary,
    content: contentHtml(advisory, summary),
    // The package leaves `<` unescaped in XML attributes: Atom terms keep only characters that need no escaping.
    category: tags.map((tag) =>
      format === "atom" ? { term: tag.replace(/[^\w.:+-]+/g, "-") } : { name: tag },
    ),
  };
  if (format === "json") {
    item.extensions = [
      {
        name: "_security_advisory",
        objects: {
          id: oneLine(advisory.id),
          severity: advisory.severity ? oneLine(advisory.severity).toLowerCase() : null,
          cvss_score: advisory.cvssScore ?? null,
          cve_ids: advisory.cveIds.map(oneLine),
          withdrawn: advisory.withdrawn
            ? { date: advisory.withdrawn.at.toISOString(), reason: xmlSafeText(advisory.withdrawn.reason) }
            : null,
        },
      },
    ];
  }
  return item;
}

function entryTitle(advisory: TFeedAdvisory): string {
  const id = oneLine(advisory.id);
  const title = oneLine(advisory.title);
  const cves = advisory.cveIds.map(oneLine).filter((cve) => cve !== "" && !title.includes(cve));
  const label = `${id}: ${title}${cves.length > 0 ? ` (${cves.join(", ")})` : ""}`;
  return advisory.withdrawn ? `Withdrawn: ${label}` : label;
}

function contentHtml(advisory: TFeedAdvisory, summary: string): string {
  const parts: string[] = [];
  if (advisory.withdrawn) {
    parts.push(
      `<p><strong>Withdrawn</strong> on ${advisory.withdrawn.at.toISOString().slice(0, 10)}: ${escapeHtml(
        oneLine(advisory.withdrawn.reason),
      )}</p>`,
    );
  }
  for (const paragraph of summary.split(/\n\s*\n/)) {
    if (paragraph.trim() !== "") parts.push(`<p>${escapeHtml(paragraph.trim()).replace(/\n/g, "<br>")}</p>`);
  }
  const facts: string[] = [];
  if (advisory.severity) {
    const severity = oneLine(advisory.severity);
    const label = severity.charAt(0).toUpperCase() + severity.slice(1).toLowerCase();
    const score = typeof advisory.cvssScore === "number" ? ` (CVSS ${advisory.cvssScore.toFixed(1)})` : "";
    facts.push(`Severity: ${escapeHtml(label)}${score}`);
  }
  if (advisory.cveIds.length > 0) facts.push(`CVE: ${escapeHtml(advisory.cveIds.map(oneLine).join(", "))}`);
  if (facts.length > 0) parts.push(`<p>${facts.join("<br>")}</p>`);
  return parts.join("\n");
}

function checkOptions(options: TFeedOptions): void {
  for (const field of ["siteUrl", "feedUrl"] as const) {
    if (!isHttpUrl(options[field])) throw new Error(`options.${field}: not an absolute http(s) URL.`);
  }
  if (options.author.url !== undefined && !isHttpUrl(options.author.url)) {
    throw new Error("options.author.url: not an absolute http(s) URL.");
  }
  if (oneLine(options.title) === "") throw new Error("options.title: empty.");
  if (oneLine(options.author.name) === "") throw new Error("options.author.name: empty.");
  if (!isValidDate(options.now)) throw new Error("options.now: not a valid date.");
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new Error("options.limit: must be a positive whole number.");
  }
}

function checkItem(item: TFeedAdvisory, i: number): void {
  if (oneLine(item.id) === "") throw new Error(`items[${i}].id: empty.`);
  if (!isHttpUrl(item.url)) throw new Error(`items[${i}].url: not an absolute http(s) URL.`);
  if (oneLine(item.title) === "") throw new Error(`items[${i}].title: empty.`);
  if (!isValidDate(item.published)) throw new Error(`items[${i}].published: not a valid date.`);
  if (!isValidDate(item.modified)) throw new Error(`items[${i}].modified: not a valid date.`);
  if (item.withdrawn && !isValidDate(item.withdrawn.at)) {
    throw new Error(`items[${i}].withdrawn.at: not a valid date.`);
  }
  if (
    item.cvssScore != null &&
    !(Number.isFinite(item.cvssScore) && item.cvssScore >= 0 && item.cvssScore <= 10)
  ) {
    throw new Error(`items[${i}].cvssScore: must be between 0 and 10.`);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
