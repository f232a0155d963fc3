import type { TCaseHistory } from "./types";

/**
 * The events of CERT/CC's Vultron case histories (Householder & Spring, "Are We Skillful or Just Lucky?
 * Interpreting the Possible Histories of Vulnerability Disclosures", 2021), as our records give them.
 */
export const VULTRON_EVENT_IDS = ["V", "F", "D", "P", "X", "A"] as const;
export type VultronEventId = (typeof VULTRON_EVENT_IDS)[number];

export const VULTRON_EVENT_LABELS: Readonly<Record<VultronEventId, string>> = {
  V: "Vendor aware",
  F: "Fix ready",
  D: "Fix released",
  P: "Public aware",
  X: "Exploit public",
  A: "Attacks observed",
};

/** When each event happened; null while it has not (V always has: the report's arrival). */
export type TVultronEvents = Readonly<Record<VultronEventId, Date | null>>;

/** The paper's twelve desiderata, "first ≺ second": the first event should happen before the second. */
export const VULTRON_DESIDERATA = [
  { id: "V-before-P", first: "V", second: "P", label: "Vendor aware before the public knows" },
  { id: "V-before-X", first: "V", second: "X", label: "Vendor aware before an exploit is public" },
  { id: "V-before-A", first: "V", second: "A", label: "Vendor aware before attacks are observed" },
  { id: "F-before-P", first: "F", second: "P", label: "Fix ready before the public knows" },
  { id: "F-before-X", first: "F", second: "X", label: "Fix ready before an exploit is public" },
  { id: "F-before-A", first: "F", second: "A", label: "Fix ready before attacks are observed" },
  { id: "D-before-P", first: "D", second: "P", label: "Fix released before the public knows" },
  { id: "D-before-X", first: "D", second: "X", label: "Fix released before an exploit is public" },
  { id: "D-before-A", first: "D", second: "A", label: "Fix released before attacks are observed" },
  { id: "P-before-X", first: "P", second: "X", label: "Public knows before an exploit is public" },
  { id: "P-before-A", first: "P", second: "A", label: "Public knows before attacks are observed" },
  { id: "X-before-A", first: "X", second: "A", label: "Exploit public before attacks are observed" },
] as const satisfies readonly {
  id: string;
  first: VultronEventId;
  second: VultronEventId;
  label: string;
}[];
export type VultronDesideratumId = (typeof VULTRON_DESIDERATA)[number]["id"];
export const VULTRON_DESIDERATUM_IDS: readonly VultronDesideratumId[] = VULTRON_DESIDERATA.map((d) => d.id);
export const VULTRON_DESIDERATUM_LABELS = Object.fromEntries(
  VULTRON_DESIDERATA.map((d) => [d.id, d.label]),
) as Readonly<Record<VultronDesideratumId, string>>;

/**
 * - "met": the first event happened strictly before the second, or the first happened and the second has not
 *   (yet): whenever the second comes, it comes after. Provisional in one way only: an event recorded later with
 *   an earlier time (an exploit found to have been public for weeks) can turn it into "broken".
 * - "broken": the second happened and the first had not happened strictly before it. Ties are broken: the
 *   desideratum asks for "before", and a release that is also the moment the public learns of the issue gave
 *   nobody a head start.
 * - "pending": neither has happened yet, so nothing is known.
 */
export const VULTRON_STATUSES = ["met", "broken", "pending"] as const;
export type VultronStatus = (typeof VULTRON_STATUSES)[number];

export function desideratumStatus(first: Date | null, second: Date | null): VultronStatus {
  if (second === null) return first === null ? "pending" : "met";
  return first !== null && first.getTime() < second.getTime() ? "met" : "broken";
}

/** The earliest of the given times; null when none. */
export function earliestOf(...dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const date of dates)
    if (date !== null && (best === null || date.getTime() < best.getTime())) best = date;
  return best;
}

/**
 * A case history's Vultron events. D is "fix deployed" in the paper; we cannot see users deploy, so D is our
 * release (`releasedAt`). P is the earliest of "public since" and the release, because the release makes the
 * issue public. So D ≺ P can never be met by a release alone (D and P tie at best): that is the paper's point
 * about vendors who ship fixes their users must install, not a fault in the data.
 */
export function vultronEvents(history: TCaseHistory): TVultronEvents {
  return {
    V: history.receivedAt,
    F: history.fixReadyAt,
    D: history.releasedAt,
    P: earliestOf(history.publicSince, history.releasedAt),
    X: history.exploitPublicAt,
    A: history.attacksObservedAt,
  };
}

/** Which of the twelve desiderata a history met, broke, or has not reached yet. */
export function vultronDesiderata(events: TVultronEvents): Record<VultronDesideratumId, VultronStatus> {
  const out = {} as Record<VultronDesideratumId, VultronStatus>;
  for (const d of VULTRON_DESIDERATA) out[d.id] = desideratumStatus(events[d.first], events[d.second]);
  return out;
}
