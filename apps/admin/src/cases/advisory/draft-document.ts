import type { TAdvisoryContentInput } from "@disclose/advisories/model";

/** One version range as the form edits it: the OSV events as three fields. */
export interface TRangeForm {
  type: "SEMVER" | "ECOSYSTEM" | "GIT";
  repo: string;
  introduced: string;
  fixed: string;
  lastAffected: string;
}

export interface TAffectedForm {
  kind: "package" | "product";
  ecosystem: string;
  name: string;
  vendor: string;
  product: string;
  repo: string;
  /** Explicit affected versions, comma-separated. */
  versions: string;
  ranges: TRangeForm[];
}

/** The draft as its editor holds it; stored sealed as JSON ({ version: 1, form }). */
export interface TDraftForm {
  title: string;
  summary: string;
  description: string;
  affected: TAffectedForm[];
  /** Optional per-vulnerability titles, by the case's vulnerability id. */
  vulnerabilityTitles: Record<string, string>;
  credits: { name: string; type: string; contact: string }[];
  references: { url: string; tags: string[] }[];
  fixes: { url: string; title: string }[];
  workarounds: string;
  upgradeInstructions: string;
}

export const emptyRange = (): TRangeForm => ({
  type: "SEMVER",
  repo: "",
  introduced: "0",
  fixed: "",
  lastAffected: "",
});

export const emptyAffected = (): TAffectedForm => ({
  kind: "package",
  ecosystem: "npm",
  name: "",
  vendor: "",
  product: "",
  repo: "",
  versions: "",
  ranges: [emptyRange()],
});

export function emptyDraft(): TDraftForm {
  return {
    title: "",
    summary: "",
    description: "",
    affected: [emptyAffected()],
    vulnerabilityTitles: {},
    credits: [],
    references: [],
    fixes: [],
    workarounds: "",
    upgradeInstructions: "",
  };
}

/** The sealed draft's plaintext. */
export function serializeDraft(form: TDraftForm): string {
  return JSON.stringify({ version: 1, form });
}

/** A decrypted draft, or an empty one with a note when it is not one this editor wrote. */
export function parseDraft(text: string): { form: TDraftForm; problem: string | null } {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; form?: Partial<TDraftForm> };
    if (parsed.version !== 1 || typeof parsed.form !== "object" || parsed.form === null) {
      return { form: emptyDraft(), problem: "The saved draft is not in a form this editor knows." };
    }
    return { form: { ...emptyDraft(), ...parsed.form }, problem: null };
  } catch {
    return { form: emptyDraft(), problem: "The saved draft could not be read." };
  }
}

const list = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());

function events(range: TRangeForm) {
  const out: ({ introduced: string } | { fixed: string } | { last_affected: string })[] = [];
  if (range.introduced.trim()) out.push({ introduced: range.introduced.trim() });
  if (range.fixed.trim()) out.push({ fixed: range.fixed.trim() });
  if (range.lastAffected.trim()) out.push({ last_affected: range.lastAffected.trim() });
  return out;
}

/**
 * The advisory model's input from the form and the case's vulnerabilities (their CVE, CWE and CVSS are the
 * case's records, edited on the Vulnerabilities page). The model then checks it, naming any bad field.
 */
export function toContent(
  form: TDraftForm,
  vulnerabilities: readonly {
    id: string;
    cveId: string | null;
    cweId: string | null;
    cvssVector: string | null;
  }[],
): TAdvisoryContentInput {
  return {
    title: form.title.trim(),
    summary: form.summary.trim(),
    description: form.description.trim(),
    affected: form.affected.map((a) => {
      const common = {
        ranges: a.ranges.map((r) => ({
          type: r.type,
          ...(r.type === "GIT" && r.repo.trim() ? { repo: r.repo.trim() } : {}),
          events: events(r),
        })),
        versions: list(a.versions),
      };
      return a.kind === "package"
        ? { kind: "package" as const, ecosystem: a.ecosystem, name: a.name.trim(), ...common }
        : {
            kind: "product" as const,
            vendor: a.vendor.trim(),
            product: a.product.trim(),
            ...(optional(a.repo) ? { repo: a.repo.trim() } : {}),
            ...common,
          };
    }),
    vulnerabilities: vulnerabilities.map((v) => ({
      id: v.id,
      cveId: v.cveId,
      cweId: v.cweId,
      cvssVector: v.cvssVector,
      ...(optional(form.vulnerabilityTitles[v.id] ?? "")
        ? { title: form.vulnerabilityTitles[v.id]?.trim() }
        : {}),
    })),
    credits: form.credits.map((c) => ({
      name: c.name.trim(),
      type: c.type as "finder",
      ...(optional(c.contact) ? { contact: c.contact.trim() } : {}),
    })),
    references: form.references.map((r) => ({ url: r.url.trim(), tags: r.tags as ["patch"] })),
    fixes: form.fixes.map((f) => ({
      url: f.url.trim(),
      ...(optional(f.title) ? { title: f.title.trim() } : {}),
    })),
    ...(optional(form.workarounds) ? { workarounds: form.workarounds.trim() } : {}),
    ...(optional(form.upgradeInstructions) ? { upgradeInstructions: form.upgradeInstructions.trim() } : {}),
  };
}
