/**
 * The CWE catalogue (weaknesses only, CWE 4.15), read from cwe-sdk's raw dictionary. Server side: the file is
 * ~8 MB, so it is read on first use and only the four fields Disclose needs are kept in memory.
 */

export type CweStatus = "Stable" | "Usable" | "Draft" | "Incomplete" | "Obsolete" | "Deprecated";
export type CweAbstraction = "Pillar" | "Class" | "Base" | "Variant" | "Compound";

export interface CweEntry {
  /** "CWE-79" */
  readonly id: string;
  readonly name: string;
  readonly status: CweStatus;
  readonly abstraction: CweAbstraction;
  /** True for Deprecated entries: still found by id (old advisories name them) but never offered in search. */
  readonly deprecated: boolean;
}

interface RawEntry {
  readonly attr?: {
    readonly "@_Name"?: string;
    readonly "@_Status"?: string;
    readonly "@_Abstraction"?: string;
  };
}

interface Catalogue {
  readonly byId: ReadonlyMap<string, CweEntry>;
  /** Search candidates: non-deprecated entries with their lowercased name, in numeric order. */
  readonly searchable: readonly {
    readonly entry: CweEntry;
    readonly number: number;
    readonly lower: string;
  }[];
}

let cached: Catalogue | undefined;

function load(): Catalogue {
  if (cached !== undefined) return cached;
  // Node built-ins fetched at call time, not imported: the advisory model imports this module and may be bundled
  // for the browser (with the catalogue check turned off, see makeAdvisoryContentSchema).
  const { createRequire } = process.getBuiltinModule("node:module");
  const { readFileSync } = process.getBuiltinModule("node:fs");
  // Resolved from here (tests, scripts) or, bundled into an app, from the app, which depends on cwe-sdk too.
  const path = createRequire(import.meta.url).resolve("cwe-sdk/raw/cwe-dictionary.json");
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, RawEntry>;
  const byId = new Map<string, CweEntry>();
  const searchable: { entry: CweEntry; number: number; lower: string }[] = [];
  for (const [number, value] of Object.entries(raw)) {
    const name = value.attr?.["@_Name"];
    if (!/^[1-9]\d*$/.test(number) || typeof name !== "string") continue;
    const status = (value.attr?.["@_Status"] ?? "Draft") as CweStatus;
    const entry: CweEntry = {
      id: `CWE-${number}`,
      name,
      status,
      abstraction: (value.attr?.["@_Abstraction"] ?? "Base") as CweAbstraction,
      deprecated: status === "Deprecated",
    };
    byId.set(entry.id, entry);
    if (!entry.deprecated) searchable.push({ entry, number: Number(number), lower: name.toLowerCase() });
  }
  searchable.sort((a, b) => a.number - b.number);
  cached = { byId, searchable };
  return cached;
}

/** The entry for "CWE-79" (also accepts "79" and "cwe-79"), or null when the catalogue has no such weakness. */
export function findCwe(id: string): CweEntry | null {
  const number = cweNumber(id);
  if (number === null) return null;
  return load().byId.get(`CWE-${number}`) ?? null;
}

function cweNumber(text: string): string | null {
  const match = /^\s*(?:cwe)?[\s-]*0*([1-9]\d{0,5})\s*$/i.exec(text);
  return match?.[1] ?? null;
}

/**
 * Weaknesses matching a query, best first, Deprecated entries left out. A number ("79", "CWE-79") finds that
 * entry first, then entries whose number starts with it; words find entries whose name contains every word,
 * whole-word and phrase matches and Stable entries first.
 */
export function searchCwe(query: string, limit = 20): CweEntry[] {
  const max = Math.max(0, Math.min(Math.floor(limit), 200));
  const text = query.slice(0, 200).trim().toLowerCase();
  if (max === 0 || text === "") return [];
  const { searchable } = load();
  const number = cweNumber(text);
  if (number !== null) {
    const exact = searchable.filter((c) => String(c.number) === number);
    const prefix = searchable.filter(
      (c) => String(c.number).startsWith(number) && String(c.number) !== number,
    );
    return [...exact, ...prefix].slice(0, max).map((c) => c.entry);
  }
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const scored: { entry: CweEntry; score: number; number: number }[] = [];
  for (const candidate of searchable) {
    let score = 0;
    let all = true;
    for (const word of words) {
      if (!candidate.lower.includes(word)) {
        all = false;
        break;
      }
      const wholeWord = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word)}($|[^\\p{L}\\p{N}])`, "u").test(
        candidate.lower,
      );
      score += wholeWord ? 10 : 4;
    }
    if (!all) continue;
    if (candidate.lower === text) score += 100;
    else if (words.length > 1 && candidate.lower.includes(words.join(" "))) score += 5;
    // Stable entries are the well-known ones a person searching by words usually means.
    if (candidate.entry.status === "Stable") score += 3;
    // Base and Variant entries are the ones CWE asks advisories to map to; Pillars and Classes are too broad.
    if (candidate.entry.abstraction === "Base" || candidate.entry.abstraction === "Variant") score += 1;
    scored.push({ entry: candidate.entry, score, number: candidate.number });
  }
  scored.sort((a, b) => b.score - a.score || a.number - b.number);
  return scored.slice(0, max).map((s) => s.entry);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
