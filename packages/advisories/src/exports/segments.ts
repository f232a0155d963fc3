import semver from "semver";
import { eventKind, eventVersion, type TRange } from "../model";

/**
 * One affected interval of a range: from `introduced` up to `fixed` (exclusive) or `lastAffected` (inclusive),
 * or open-ended. OSV evaluates a range's events in version order; SemVer ranges are sorted here the same way,
 * ECOSYSTEM and GIT ranges are taken in the order written (we cannot order an ecosystem's versions or commits).
 */
export interface RangeSegment {
  readonly introduced: string;
  readonly fixed?: string;
  readonly lastAffected?: string;
}

export function rangeSegments(range: TRange): RangeSegment[] {
  const events = [...range.events];
  if (range.type === "SEMVER") {
    events.sort((a, b) => {
      const va = eventVersion(a);
      const vb = eventVersion(b);
      if (va === "0" || vb === "0") return va === vb ? 0 : va === "0" ? -1 : 1;
      return semver.compare(va, vb);
    });
  }
  const out: RangeSegment[] = [];
  let open: string | null = null;
  for (const event of events) {
    const kind = eventKind(event);
    const version = eventVersion(event);
    if (kind === "introduced") {
      if (open === null) open = version;
      continue;
    }
    if (open === null) continue;
    out.push(
      kind === "fixed" ? { introduced: open, fixed: version } : { introduced: open, lastAffected: version },
    );
    open = null;
  }
  if (open !== null) out.push({ introduced: open });
  return out;
}

/** Where an ecosystem's packages are listed, as CVE JSON 5 `collectionURL` (the schema's examples). */
export const COLLECTION_URLS: Readonly<Record<string, string>> = {
  npm: "https://registry.npmjs.org",
  PyPI: "https://pypi.python.org",
  Go: "https://pkg.go.dev",
  "crates.io": "https://crates.io",
  Maven: "https://repo.maven.apache.org/maven2",
  NuGet: "https://nuget.org/packages",
  RubyGems: "https://rubygems.org",
  Packagist: "https://packagist.org",
  Hex: "https://repo.hex.pm",
  Pub: "https://pub.dev",
  Hackage: "https://hackage.haskell.org",
  CRAN: "https://cran.r-project.org",
  "GitHub Actions": "https://github.com",
};

/** An ecosystem's base name: "Debian:12" → "Debian". */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(":");
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** CVE JSON 5 versionType for a range (the schema's examples: custom, git, maven, python, rpm, semver). */
export function cveVersionType(rangeType: TRange["type"], ecosystem: string | null): string {
  if (rangeType === "SEMVER") return "semver";
  if (rangeType === "GIT") return "git";
  const base = ecosystem === null ? null : ecosystemBase(ecosystem);
  if (base === "PyPI") return "python";
  if (base === "Maven") return "maven";
  if (base === "npm" || base === "crates.io") return "semver";
  if (
    base === "Red Hat" ||
    base === "Rocky Linux" ||
    base === "AlmaLinux" ||
    base === "SUSE" ||
    base === "openSUSE"
  ) {
    return "rpm";
  }
  return "custom";
}

/** Removes duplicates (by JSON) while keeping order: CVE's arrays are uniqueItems. */
export function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string = (item) => JSON.stringify(item),
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

/** Plain text cut to `max` characters at a word boundary, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
