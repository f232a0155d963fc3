import {
  CVE_ID_PATTERN,
  CWE_ID_PATTERN,
  hasControlCharacters,
  hasControlCharactersInText,
  parseCvssVector,
  REPORT_CREDIT_TYPES,
} from "@disclose/domain";
import semver from "semver";
import { z } from "zod";
import ecosystemDescriptions from "../schemas/osv/ecosystems.json" with { type: "json" };
import { findCwe } from "./cwe/catalogue";

/**
 * Lengths are capped below every export's own limit (CVE: 4,096 for a description value, 16,384 for supporting
 * media, 256 for a title, 2,048 for a URL), so a valid advisory never produces an export a schema refuses for
 * length, and a hostile paste cannot balloon every document it is copied into.
 */
export const ADVISORY_LIMITS = {
  title: 200,
  summary: 300,
  markdown: 16_000,
  name: 200,
  version: 200,
  url: 2_048,
  affected: 100,
  ranges: 50,
  events: 50,
  versions: 500,
  vulnerabilities: 50,
  credits: 100,
  references: 200,
} as const;

/** OSV ecosystem names, from the vendored osv-schema ecosystems.json (the names the OSV schema accepts). */
export const OSV_ECOSYSTEMS: readonly string[] = Object.keys(ecosystemDescriptions);

/** True for an OSV ecosystem name, or such a name with a ':suffix' (e.g. "Debian:12", "Alpine:v3.16"). */
export function isOsvEcosystem(value: string): boolean {
  const colon = value.indexOf(":");
  const base = colon === -1 ? value : value.slice(0, colon);
  if (colon !== -1 && value.slice(colon + 1).trim() === "") return false;
  return OSV_ECOSYSTEMS.includes(base);
}

/** One line of text, trimmed of nothing: a leading or trailing space is refused rather than silently dropped. */
function line(max: number, what: string) {
  return z
    .string()
    .max(max, `${what} is at most ${max} characters.`)
    .refine((s) => s.trim().length > 0, `${what} cannot be blank.`)
    .refine((s) => s.trim() === s, `${what} cannot start or end with a space.`)
    .refine((s) => !hasControlCharacters(s), `${what} cannot contain control or invisible characters.`);
}

function markdown(what: string) {
  return z
    .string()
    .max(ADVISORY_LIMITS.markdown, `${what} is at most ${ADVISORY_LIMITS.markdown} characters.`)
    .refine((s) => s.trim().length > 0, `${what} cannot be blank.`)
    .refine(
      (s) => !hasControlCharactersInText(s),
      `${what} cannot contain control or invisible characters (other than line breaks and tabs).`,
    );
}

/** Only http(s) links: a reference ends up as a link on the portal and in every feed, so javascript: and data: never pass. */
export const ZWebUrl = z
  .string()
  .max(ADVISORY_LIMITS.url, `A web address is at most ${ADVISORY_LIMITS.url} characters.`)
  .refine((s) => {
    if (hasControlCharacters(s) || /\s/.test(s)) return false;
    try {
      const url = new URL(s);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Enter a web address starting with https:// (or http://).");

// --- affected -----------------------------------------------------------------------------------------------

export const RANGE_TYPES = ["SEMVER", "ECOSYSTEM", "GIT"] as const;
export type TRangeType = (typeof RANGE_TYPES)[number];

const ZEventVersion = line(ADVISORY_LIMITS.version, "A version");
export const ZRangeEvent = z.union(
  [
    z.strictObject({ introduced: ZEventVersion }),
    z.strictObject({ fixed: ZEventVersion }),
    z.strictObject({ last_affected: ZEventVersion }),
  ],
  { error: 'An event is one of {"introduced": …}, {"fixed": …} or {"last_affected": …}.' },
);
export type TRangeEvent = z.infer<typeof ZRangeEvent>;

/** OSV requires GIT events to be full commit hashes (SHA-1 or SHA-256), or "0" for "since the first commit". */
const GIT_COMMIT = /^(0|[a-f0-9]{40}|[a-f0-9]{64})$/;

export function eventVersion(event: TRangeEvent): string {
  if ("introduced" in event) return event.introduced;
  if ("fixed" in event) return event.fixed;
  return event.last_affected;
}

export function eventKind(event: TRangeEvent): "introduced" | "fixed" | "last_affected" {
  if ("introduced" in event) return "introduced";
  if ("fixed" in event) return "fixed";
  return "last_affected";
}

/** A SEMVER version as OSV takes it: SemVer 2.0 exactly, no "v" prefix. "0" means "from the beginning". */
function isStrictSemver(version: string, kind: string): boolean {
  if (kind === "introduced" && version === "0") return true;
  return semver.valid(version) === version;
}

export const ZRange = z
  .strictObject({
    type: z.enum(RANGE_TYPES, { error: "A range type is SEMVER, ECOSYSTEM or GIT." }),
    repo: ZWebUrl.optional(),
    events: z.array(ZRangeEvent).min(1, "A range needs events.").max(ADVISORY_LIMITS.events),
  })
  .superRefine((range, ctx) => {
    const kinds = range.events.map(eventKind);
    if (!kinds.includes("introduced")) {
      ctx.addIssue({
        code: "custom",
        path: ["events"],
        message: 'A range needs at least one "introduced" event.',
      });
    }
    if (kinds.includes("fixed") && kinds.includes("last_affected")) {
      ctx.addIssue({
        code: "custom",
        path: ["events"],
        message: 'A range cannot mix "fixed" and "last_affected" events (OSV); split it into two ranges.',
      });
    }
    if (range.type === "GIT" && range.repo === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["repo"],
        message: "A GIT range needs the repository's address.",
      });
    }
    const seen = new Set<string>();
    range.events.forEach((event, i) => {
      const version = eventVersion(event);
      const kind = eventKind(event);
      const path = ["events", i, kind];
      if (range.type === "GIT" && !GIT_COMMIT.test(version)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `"${version}" is not a full commit hash (40 or 64 lowercase hex digits, or "0" for introduced).`,
        });
      }
      if (range.type === "GIT" && version === "0" && kind !== "introduced") {
        ctx.addIssue({
          code: "custom",
          path,
          message: '"0" only means "from the first commit" in an introduced event.',
        });
      }
      if (range.type === "SEMVER" && !isStrictSemver(version, kind)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `"${version}" is not a semantic version like 1.4.2 (no "v" prefix; "0" only for introduced).`,
        });
      }
      if (seen.has(version)) {
        ctx.addIssue({ code: "custom", path, message: `"${version}" appears twice in this range.` });
      }
      seen.add(version);
    });
    // With SemVer we can order the events: the earliest must open the range, or it starts "fixed".
    if (range.type === "SEMVER" && range.events.every((e) => isStrictSemver(eventVersion(e), eventKind(e)))) {
      const sorted = range.events
        .map((event, index) => ({ event, index }))
        .sort((a, b) => compareSemverEvent(eventVersion(a.event), eventVersion(b.event)));
      const first = sorted[0];
      if (first !== undefined && eventKind(first.event) !== "introduced") {
        ctx.addIssue({
          code: "custom",
          path: ["events", first.index],
          message: `The lowest version of a range must be "introduced"; "${eventVersion(first.event)}" comes before every introduced version.`,
        });
      }
    }
  });
export type TRange = z.infer<typeof ZRange>;

function compareSemverEvent(a: string, b: string): number {
  if (a === "0") return b === "0" ? 0 : -1;
  if (b === "0") return 1;
  return semver.compare(a, b);
}

const affectedCommon = {
  ranges: z.array(ZRange).max(ADVISORY_LIMITS.ranges).default([]),
  /** Explicit affected versions (OSV `versions`), for ecosystems whose versions a range cannot enumerate. */
  versions: z.array(line(ADVISORY_LIMITS.version, "A version")).max(ADVISORY_LIMITS.versions).default([]),
  /** Override for the patched versions; by default they are the ranges' "fixed" events (see patchedVersions). */
  patchedVersions: z
    .array(line(ADVISORY_LIMITS.version, "A version"))
    .max(ADVISORY_LIMITS.versions)
    .optional(),
  /** Which of the advisory's vulnerabilities (by id) affect this entry; omitted means all. */
  vulnerabilityIds: z.array(z.string().min(1).max(ADVISORY_LIMITS.name)).min(1).optional(),
};

export const ZAffectedPackage = z.strictObject({
  kind: z.literal("package"),
  ecosystem: z
    .string()
    .max(ADVISORY_LIMITS.name)
    .refine(
      isOsvEcosystem,
      "Choose an OSV ecosystem (npm, Go, PyPI, crates.io, Maven, …), optionally with a ':suffix'.",
    ),
  name: line(ADVISORY_LIMITS.name, "A package name"),
  ...affectedCommon,
});
export const ZAffectedProduct = z.strictObject({
  kind: z.literal("product"),
  vendor: line(ADVISORY_LIMITS.name, "A vendor"),
  product: line(ADVISORY_LIMITS.name, "A product"),
  /** The product's source repository, when it has one (a product's OSV record needs a GIT range). */
  repo: ZWebUrl.optional(),
  ...affectedCommon,
});
export const ZAffected = z
  .discriminatedUnion("kind", [ZAffectedPackage, ZAffectedProduct], {
    error: 'An affected entry is a package (kind "package") or a product (kind "product").',
  })
  .superRefine((entry, ctx) => {
    const affected = new Set(entry.versions);
    for (const [i, version] of (entry.patchedVersions ?? []).entries()) {
      if (affected.has(version)) {
        ctx.addIssue({
          code: "custom",
          path: ["patchedVersions", i],
          message: `${version} cannot be both affected and patched.`,
        });
      }
    }
    if (entry.ranges.length === 0 && entry.versions.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["ranges"],
        message: "Give at least one version range or affected version.",
      });
    }
  });
export type TAffected = z.infer<typeof ZAffected>;
export type TAffectedPackage = z.infer<typeof ZAffectedPackage>;
export type TAffectedProduct = z.infer<typeof ZAffectedProduct>;

// --- vulnerabilities, credits, references ---------------------------------------------------------------------

/** How the model checks a CWE ID against the catalogue: found (and whether deprecated) or null. */
export type CweLookup = (id: string) => { readonly deprecated: boolean } | null;

function vulnerabilitySchema(cweLookup: CweLookup | null) {
  return z.strictObject({
    /** The case's vulnerability id (stable; affected entries refer to it). */
    id: z.string().min(1).max(ADVISORY_LIMITS.name),
    cveId: z.string().regex(CVE_ID_PATTERN, "Enter a CVE ID like CVE-2026-12345.").nullable(),
    cweId: z
      .string()
      .regex(CWE_ID_PATTERN, "Enter a CWE ID like CWE-79.")
      .nullable()
      .superRefine((id, ctx) => {
        if (id === null || cweLookup === null || !CWE_ID_PATTERN.test(id)) return;
        const entry = cweLookup(id);
        if (entry === null) {
          ctx.addIssue({ code: "custom", message: `${id} is not in the CWE catalogue.` });
        } else if (entry.deprecated) {
          ctx.addIssue({
            code: "custom",
            message: `${id} is deprecated in the CWE catalogue; choose its replacement.`,
          });
        }
      }),
    cvssVector: z
      .string()
      .nullable()
      .superRefine((vector, ctx) => {
        if (vector === null) return;
        try {
          parseCvssVector(vector);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
    title: line(ADVISORY_LIMITS.title, "A title").optional(),
  });
}

export const ZAdvisoryVulnerability = vulnerabilitySchema(findCwe);
export type TAdvisoryVulnerability = z.infer<typeof ZAdvisoryVulnerability>;

/** CVE JSON 5 credit types (the schema's enum), in its order: the domain's list, which the database checks too. */
export const CREDIT_TYPES = REPORT_CREDIT_TYPES;
export type TCreditType = (typeof CREDIT_TYPES)[number];

export const ZCredit = z.strictObject({
  name: line(ADVISORY_LIMITS.name, "A credit's name"),
  type: z.enum(CREDIT_TYPES),
  /** A web address or an email address; published, so only with the person's consent. */
  contact: line(ADVISORY_LIMITS.url, "A contact").optional(),
});
export type TCredit = z.infer<typeof ZCredit>;

/** CVE JSON 5 reference tags (the schema's enum). */
export const REFERENCE_TAGS = [
  "broken-link",
  "customer-entitlement",
  "exploit",
  "government-resource",
  "issue-tracking",
  "mailing-list",
  "mitigation",
  "not-applicable",
  "patch",
  "permissions-required",
  "media-coverage",
  "product",
  "related",
  "release-notes",
  "signature",
  "technical-description",
  "third-party-advisory",
  "vendor-advisory",
  "vdb-entry",
] as const;
export type TReferenceTag = (typeof REFERENCE_TAGS)[number];

export const ZReference = z.strictObject({
  url: ZWebUrl,
  tags: z
    .array(z.enum(REFERENCE_TAGS))
    .max(REFERENCE_TAGS.length)
    .default([])
    .refine((tags) => new Set(tags).size === tags.length, "A tag is listed twice."),
});
export type TReference = z.infer<typeof ZReference>;

/** A merged pull request or fix commit: exported as a "patch" reference (OSV: FIX). */
export const ZFix = z.strictObject({
  url: ZWebUrl,
  title: line(ADVISORY_LIMITS.title, "A fix's title").optional(),
});
export type TFix = z.infer<typeof ZFix>;

// --- the advisory ----------------------------------------------------------------------------------------------

/**
 * The advisory content schema. `cweLookup` checks CWE IDs against the catalogue (default: the server-side CWE
 * catalogue, read from disk on first use); pass null where the catalogue is not at hand (a browser form), and let
 * the server's check decide.
 */
export function makeAdvisoryContentSchema(options: { cweLookup?: CweLookup | null } = {}) {
  const ZVulnerabilityEntry =
    options.cweLookup === undefined ? ZAdvisoryVulnerability : vulnerabilitySchema(options.cweLookup);
  return z
    .strictObject({
      title: line(ADVISORY_LIMITS.title, "The title"),
      /** One plain English sentence or two (OSV summary, feeds, emails). */
      summary: line(ADVISORY_LIMITS.summary, "The summary"),
      /** English, Markdown. Required: CVE and CSAF need an English description. */
      description: markdown("The description"),
      affected: z
        .array(ZAffected)
        .min(1, "List at least one affected package or product.")
        .max(ADVISORY_LIMITS.affected),
      vulnerabilities: z
        .array(ZVulnerabilityEntry)
        .min(1, "An advisory covers at least one vulnerability.")
        .max(ADVISORY_LIMITS.vulnerabilities),
      credits: z.array(ZCredit).max(ADVISORY_LIMITS.credits).default([]),
      references: z.array(ZReference).max(ADVISORY_LIMITS.references).default([]),
      fixes: z.array(ZFix).max(ADVISORY_LIMITS.references).default([]),
      workarounds: markdown("The workarounds").optional(),
      upgradeInstructions: markdown("The upgrade instructions").optional(),
    })
    .superRefine((content, ctx) => {
      const ids = new Set<string>();
      const cves = new Set<string>();
      content.vulnerabilities.forEach((v, i) => {
        if (ids.has(v.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["vulnerabilities", i, "id"],
            message: `${v.id} is listed twice.`,
          });
        }
        ids.add(v.id);
        if (v.cveId !== null) {
          if (cves.has(v.cveId)) {
            ctx.addIssue({
              code: "custom",
              path: ["vulnerabilities", i, "cveId"],
              message: `${v.cveId} is given to more than one vulnerability (each gets its own CVE).`,
            });
          }
          cves.add(v.cveId);
        }
      });
      const covered = new Set<string>();
      const keys = new Set<string>();
      content.affected.forEach((entry, i) => {
        const key = affectedKey(entry);
        if (keys.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["affected", i],
            message: `${affectedLabel(entry)} is listed twice; put all its ranges in one entry.`,
          });
        }
        keys.add(key);
        for (const [j, id] of (entry.vulnerabilityIds ?? []).entries()) {
          if (!ids.has(id)) {
            ctx.addIssue({
              code: "custom",
              path: ["affected", i, "vulnerabilityIds", j],
              message: `${id} is not one of this advisory's vulnerabilities.`,
            });
          }
        }
        for (const id of entry.vulnerabilityIds ?? [...ids]) covered.add(id);
      });
      content.vulnerabilities.forEach((v, i) => {
        if (!covered.has(v.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["vulnerabilities", i],
            message: `${v.cveId ?? v.id} affects none of the listed packages or products.`,
          });
        }
      });
      const urls = new Set<string>();
      content.references.forEach((r, i) => {
        if (urls.has(r.url)) {
          ctx.addIssue({
            code: "custom",
            path: ["references", i, "url"],
            message: "This reference is listed twice.",
          });
        }
        urls.add(r.url);
      });
    });
}

/** What a Fix Lead edits for a case's advisory; every export is generated from this and ZAdvisoryMeta. */
export const ZAdvisoryContent = makeAdvisoryContentSchema();
export type TAdvisoryContent = z.infer<typeof ZAdvisoryContent>;
export type TAdvisoryContentInput = z.input<typeof ZAdvisoryContent>;

// --- publication metadata ---------------------------------------------------------------------------------------

export const DEFAULT_ADVISORY_ID_PREFIX = "DISCLOSE";

/** "<PREFIX>-<year>-<sequence of 4+ digits>"; the prefix is capitals, digits and inner hyphens. */
export function advisoryIdPattern(prefix: string = DEFAULT_ADVISORY_ID_PREFIX): RegExp {
  if (!/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/.test(prefix)) {
    throw new Error(`An advisory id prefix is capitals and digits (e.g. "DISCLOSE"), got "${prefix}".`);
  }
  return new RegExp(`^${prefix}-\\d{4}-\\d{4,9}$`);
}

/** formatAdvisoryId("DISCLOSE", 2026, 1) === "DISCLOSE-2026-0001". */
export function formatAdvisoryId(prefix: string, year: number, sequence: number): string {
  const id = `${prefix}-${year}-${String(sequence).padStart(4, "0")}`;
  if (!advisoryIdPattern(prefix).test(id)) throw new Error(`"${id}" is not a valid advisory id.`);
  return id;
}

/** UTC timestamps only ("Z"): OSV requires them, and every export then agrees on the instant. */
const ZTimestamp = z.iso.datetime({ error: "Enter a UTC date and time like 2026-03-04T15:00:00Z." });

export const ZRevision = z.strictObject({
  number: z.string().regex(/^[1-9]\d{0,5}$/, 'A revision number is "1", "2", …'),
  date: ZTimestamp,
  summary: line(ADVISORY_LIMITS.summary, "A revision summary"),
});
export type TRevision = z.infer<typeof ZRevision>;

export const ZAdvisoryStatus = z.discriminatedUnion("state", [
  z.strictObject({ state: z.literal("final") }),
  z.strictObject({
    state: z.literal("withdrawn"),
    reason: line(ADVISORY_LIMITS.summary, "The reason for withdrawal"),
    date: ZTimestamp,
  }),
]);
export type TAdvisoryStatus = z.infer<typeof ZAdvisoryStatus>;

export function makeAdvisoryMetaSchema(options: { idPrefix?: string } = {}) {
  const pattern = advisoryIdPattern(options.idPrefix ?? DEFAULT_ADVISORY_ID_PREFIX);
  const example = `${options.idPrefix ?? DEFAULT_ADVISORY_ID_PREFIX}-2026-0001`;
  return z
    .strictObject({
      id: z.string().regex(pattern, `An advisory id looks like ${example}.`),
      publisher: z.strictObject({
        name: line(ADVISORY_LIMITS.name, "The publisher's name"),
        /** The publisher's web address (CSAF publisher.namespace). */
        namespace: ZWebUrl,
        /** How to reach the publisher's security team: an email or web address. */
        contact: line(ADVISORY_LIMITS.url, "The publisher's contact"),
      }),
      projectName: line(ADVISORY_LIMITS.name, "The project name"),
      /** The advisory's public page; defaults to <namespace>/advisories/<id> (see advisoryUrl). */
      url: ZWebUrl.optional(),
      initialReleaseDate: ZTimestamp,
      currentReleaseDate: ZTimestamp,
      revisions: z.array(ZRevision).min(1, "An advisory has at least one revision.").max(500),
      status: ZAdvisoryStatus,
    })
    .superRefine((meta, ctx) => {
      if (Date.parse(meta.currentReleaseDate) < Date.parse(meta.initialReleaseDate)) {
        ctx.addIssue({
          code: "custom",
          path: ["currentReleaseDate"],
          message: "The current release date cannot be before the initial release date.",
        });
      }
      meta.revisions.forEach((revision, i) => {
        if (revision.number !== String(i + 1)) {
          ctx.addIssue({
            code: "custom",
            path: ["revisions", i, "number"],
            message: `Revision ${i + 1} must be numbered "${i + 1}".`,
          });
        }
        const previous = meta.revisions[i - 1];
        if (previous !== undefined && Date.parse(revision.date) < Date.parse(previous.date)) {
          ctx.addIssue({
            code: "custom",
            path: ["revisions", i, "date"],
            message: "A revision cannot be dated before the one it follows.",
          });
        }
        if (Date.parse(revision.date) > Date.parse(meta.currentReleaseDate)) {
          ctx.addIssue({
            code: "custom",
            path: ["revisions", i, "date"],
            message: "A revision cannot be dated after the current release date.",
          });
        }
      });
      if (
        meta.status.state === "withdrawn" &&
        Date.parse(meta.status.date) < Date.parse(meta.initialReleaseDate)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["status", "date"],
          message: "An advisory cannot be withdrawn before it was released.",
        });
      }
    });
}

export const ZAdvisoryMeta = makeAdvisoryMetaSchema();
export type TAdvisoryMeta = z.infer<typeof ZAdvisoryMeta>;

// --- helpers ----------------------------------------------------------------------------------------------------

function affectedKey(entry: TAffected): string {
  return entry.kind === "package"
    ? `package\u0000${entry.ecosystem}\u0000${entry.name}`
    : `product\u0000${entry.vendor}\u0000${entry.product}`;
}

/** "npm package left-pad", "Example Org libfoo": how a person names an entry. */
export function affectedLabel(entry: TAffected): string {
  return entry.kind === "package"
    ? `${entry.ecosystem} package ${entry.name}`
    : `${entry.vendor} ${entry.product}`;
}

/** The patched versions: the explicit list when given, else the non-GIT ranges' "fixed" versions, in order, once each. */
export function patchedVersions(entry: TAffected): string[] {
  if (entry.patchedVersions !== undefined) return [...entry.patchedVersions];
  const out: string[] = [];
  for (const range of entry.ranges) {
    if (range.type === "GIT") continue;
    for (const event of range.events) {
      if ("fixed" in event && !out.includes(event.fixed)) out.push(event.fixed);
    }
  }
  return out;
}

/** The fix commits of an entry's GIT ranges (for references and the portal). */
export function fixCommits(entry: TAffected): { repo: string; commit: string }[] {
  const out: { repo: string; commit: string }[] = [];
  for (const range of entry.ranges) {
    if (range.type !== "GIT" || range.repo === undefined) continue;
    for (const event of range.events)
      if ("fixed" in event) out.push({ repo: range.repo, commit: event.fixed });
  }
  return out;
}

/** The vulnerabilities that affect an entry (all of the advisory's when the entry names none). */
export function vulnerabilitiesOf(content: TAdvisoryContent, entry: TAffected): TAdvisoryVulnerability[] {
  if (entry.vulnerabilityIds === undefined) return content.vulnerabilities;
  const ids = new Set(entry.vulnerabilityIds);
  return content.vulnerabilities.filter((v) => ids.has(v.id));
}

/** The entries a vulnerability affects. */
export function affectedBy(content: TAdvisoryContent, vulnerabilityId: string): TAffected[] {
  return content.affected.filter(
    (e) => e.vulnerabilityIds === undefined || e.vulnerabilityIds.includes(vulnerabilityId),
  );
}

/** The advisory's public page: meta.url, else "<publisher namespace>/advisories/<id>" (the portal's path). */
export function advisoryUrl(meta: Pick<TAdvisoryMeta, "id" | "url" | "publisher">): string {
  if (meta.url !== undefined) return meta.url;
  const base = meta.publisher.namespace.endsWith("/")
    ? meta.publisher.namespace
    : `${meta.publisher.namespace}/`;
  return new URL(`advisories/${encodeURIComponent(meta.id)}`, base).toString();
}
