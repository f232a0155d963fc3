/// <reference path="../types/csaf-validator-lib.d.ts" />
import { cvssNomenclature, scoreCvss } from "@disclose/domain";
import { weaknesses as csafWeaknesses } from "@secvisogram/csaf-validator-lib/cwe.js";
import { findCwe } from "../cwe/catalogue";
import { markdownToText } from "../markdown";
import {
  advisoryUrl,
  affectedBy,
  patchedVersions,
  type TAdvisoryContent,
  type TAdvisoryMeta,
  type TAffected,
  type TRange,
} from "../model";
import { defaultUpgradeText } from "./cve";
import { cvssJson } from "./cvss-json";
import { ecosystemBase, type RangeSegment, rangeSegments } from "./segments";

export interface CsafExportOptions {
  /** Disclose's version, for document.tracking.generator.engine. */
  readonly generatorVersion?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: CSAF JSON is checked by its official schema and mandatory tests.
export type CsafDocument = Record<string, any>;

/** vers schemes (package-url/purl-spec VERSION-RANGE-SPEC) for OSV ecosystems. */
const VERS_SCHEMES: Readonly<Record<string, string>> = {
  npm: "npm",
  PyPI: "pypi",
  Go: "golang",
  "crates.io": "cargo",
  Maven: "maven",
  NuGet: "nuget",
  RubyGems: "gem",
  Packagist: "composer",
  Hex: "hex",
  Pub: "pub",
  Debian: "deb",
  Alpine: "apk",
};

function versRange(segment: RangeSegment, scheme: string): string {
  const parts: string[] = [];
  if (segment.introduced !== "0") parts.push(`>=${segment.introduced}`);
  if (segment.fixed !== undefined) parts.push(`<${segment.fixed}`);
  else if (segment.lastAffected !== undefined) parts.push(`<=${segment.lastAffected}`);
  return parts.length === 0 ? `vers:${scheme}/*` : `vers:${scheme}/${parts.join("|")}`;
}

function gitRangeName(segment: RangeSegment, repo: string): string {
  const from = segment.introduced === "0" ? "the first commit" : `commit ${segment.introduced}`;
  const to =
    segment.fixed !== undefined
      ? `, fixed by commit ${segment.fixed}`
      : segment.lastAffected !== undefined
        ? ` through commit ${segment.lastAffected}`
        : " on";
  return `${repo}: from ${from}${to}`;
}

function rangeName(range: TRange, segment: RangeSegment, entry: TAffected): string {
  if (range.type === "GIT") return gitRangeName(segment, range.repo ?? "");
  const scheme =
    range.type === "SEMVER"
      ? "semver"
      : entry.kind === "package"
        ? (VERS_SCHEMES[ecosystemBase(entry.ecosystem)] ?? "generic")
        : "generic";
  return versRange(segment, scheme);
}

interface ProductRefs {
  affected: string[];
  fixed: string[];
}

/** The CWE name CSAF's mandatory test 6.1.11 expects (the validator's CWE list), else the catalogue's. */
function cweName(id: string): string | null {
  return csafWeaknesses.find((w) => w.id === id)?.name ?? findCwe(id)?.name ?? null;
}

/**
 * A CSAF 2.0 document in the security advisory profile. The product tree is vendor → product name → version or
 * version range, one product id per leaf. CSAF 2.0 carries CVSS 3.x only: a vulnerability scored in CVSS 4.0
 * gets its vector and score in a note instead.
 */
export function csafDocument(
  content: TAdvisoryContent,
  meta: TAdvisoryMeta,
  options: CsafExportOptions = {},
): CsafDocument {
  let nextId = 1;
  const newId = () => `CSAFPID-${String(nextId++).padStart(4, "0")}`;
  const productsOf = new Map<TAffected, ProductRefs>();

  // vendor → product name → leaves
  const vendors = new Map<string, Map<string, Record<string, unknown>[]>>();
  const productNames = new Map<string, number>();
  for (const entry of content.affected) {
    const vendor = entry.kind === "package" ? meta.projectName : entry.vendor;
    const base = entry.kind === "package" ? entry.name : entry.product;
    productNames.set(`${vendor}\u0000${base}`, (productNames.get(`${vendor}\u0000${base}`) ?? 0) + 1);
  }
  for (const entry of content.affected) {
    const vendor = entry.kind === "package" ? meta.projectName : entry.vendor;
    const base = entry.kind === "package" ? entry.name : entry.product;
    // Two packages of one name in different ecosystems (npm "foo", PyPI "foo") stay apart.
    const product =
      entry.kind === "package" && (productNames.get(`${vendor}\u0000${base}`) ?? 0) > 1
        ? `${base} (${entry.ecosystem})`
        : base;
    const leaves: Record<string, unknown>[] = [];
    const refs: ProductRefs = { affected: [], fixed: [] };
    const leaf = (category: "product_version" | "product_version_range", name: string, into: string[]) => {
      const existing = leaves.find((l) => l.category === category && l.name === name);
      if (existing !== undefined) {
        into.push((existing.product as { product_id: string }).product_id);
        return;
      }
      const product_id = newId();
      leaves.push({ category, name, product: { name: `${vendor} ${product} ${name}`, product_id } });
      into.push(product_id);
    };
    for (const range of entry.ranges) {
      for (const segment of rangeSegments(range))
        leaf("product_version_range", rangeName(range, segment, entry), refs.affected);
    }
    for (const version of entry.versions) leaf("product_version", version, refs.affected);
    for (const version of patchedVersions(entry)) leaf("product_version", version, refs.fixed);
    for (const range of entry.ranges) {
      if (range.type !== "GIT") continue;
      for (const segment of rangeSegments(range)) {
        if (segment.fixed !== undefined) leaf("product_version", segment.fixed, refs.fixed);
      }
    }
    productsOf.set(entry, refs);
    const byProduct = vendors.get(vendor) ?? new Map<string, Record<string, unknown>[]>();
    byProduct.set(product, [...(byProduct.get(product) ?? []), ...leaves]);
    vendors.set(vendor, byProduct);
  }

  const branches = [...vendors].map(([vendor, products]) => ({
    category: "vendor",
    name: vendor,
    branches: [...products].map(([product, leaves]) => ({
      category: "product_name",
      name: product,
      branches: leaves,
    })),
  }));

  const url = advisoryUrl(meta);
  const notes: Record<string, string>[] = [
    { category: "summary", title: "Summary", text: content.summary },
    { category: "description", title: "Description", text: markdownToText(content.description) },
  ];
  if (meta.status.state === "withdrawn") {
    notes.unshift({
      category: "general",
      title: "Withdrawn",
      text: `This advisory was withdrawn on ${meta.status.date.slice(0, 10)}: ${meta.status.reason}`,
    });
  }
  const references = [
    { category: "self", summary: `Advisory ${meta.id}`, url },
    ...content.references.map((r) => ({
      category: "external",
      summary: r.tags.length > 0 ? `Reference (${r.tags.join(", ")})` : "Reference",
      url: r.url,
    })),
    ...content.fixes.map((f) => ({ category: "external", summary: f.title ?? "Fix", url: f.url })),
  ];
  const revisions = meta.revisions.map((r) => ({ date: r.date, number: r.number, summary: r.summary }));
  const latest = revisions[revisions.length - 1];

  const vulnerabilities = content.vulnerabilities.map((v) => {
    const entries = affectedBy(content, v.id);
    const affected = entries.flatMap((e) => productsOf.get(e)?.affected ?? []);
    const fixed = entries.flatMap((e) => productsOf.get(e)?.fixed ?? []);
    const out: Record<string, unknown> = {};
    if (v.cveId !== null) out.cve = v.cveId;
    if (v.cweId !== null) {
      const name = cweName(v.cweId);
      if (name !== null) out.cwe = { id: v.cweId, name };
    }
    if (v.title !== undefined) out.title = v.title;
    const vulnNotes: Record<string, string>[] = [
      { category: "description", title: "Description", text: v.title ?? content.summary },
    ];
    const productStatus: Record<string, string[]> = {};
    if (affected.length > 0) productStatus.known_affected = affected;
    if (fixed.length > 0) productStatus.fixed = fixed;
    out.product_status = productStatus;
    if (v.cvssVector !== null) {
      const { version, json } = cvssJson(v.cvssVector);
      if (version === "4.0") {
        const scored = scoreCvss(v.cvssVector);
        vulnNotes.push({
          category: "other",
          title: "CVSS 4.0",
          text:
            `CVSS 4.0 score ${scored.score.toFixed(1)} (${scored.severity}, ${cvssNomenclature(v.cvssVector)}): ` +
            `${v.cvssVector}. CSAF 2.0 cannot carry CVSS 4.0 scores, so the vector is given here.`,
        });
      } else if (affected.length > 0) {
        out.scores = [{ cvss_v3: json, products: affected }];
      }
    }
    out.notes = vulnNotes;
    const remediations: Record<string, unknown>[] = [];
    const upgrade = content.upgradeInstructions ?? defaultUpgradeText(entries);
    if (upgrade !== null && affected.length > 0) {
      remediations.push({
        category: "vendor_fix",
        details: markdownToText(upgrade),
        product_ids: affected,
        url,
      });
    }
    if (content.workarounds !== undefined && affected.length > 0) {
      remediations.push({
        category: "workaround",
        details: markdownToText(content.workarounds),
        product_ids: affected,
      });
    }
    if (remediations.length > 0) out.remediations = remediations;
    return out;
  });

  return {
    document: {
      category: "csaf_security_advisory",
      csaf_version: "2.0",
      lang: "en",
      title: content.title,
      publisher: {
        category: "vendor",
        name: meta.publisher.name,
        namespace: meta.publisher.namespace,
        contact_details: meta.publisher.contact,
      },
      distribution: { tlp: { label: "WHITE", url: "https://www.first.org/tlp/" } },
      notes,
      references,
      tracking: {
        id: meta.id,
        status: "final",
        version: latest?.number ?? "1",
        revision_history: revisions,
        initial_release_date: meta.initialReleaseDate,
        current_release_date: meta.currentReleaseDate,
        generator: {
          engine: {
            name: "Disclose",
            ...(options.generatorVersion !== undefined ? { version: options.generatorVersion } : {}),
          },
        },
      },
    },
    product_tree: { branches },
    vulnerabilities,
  };
}
