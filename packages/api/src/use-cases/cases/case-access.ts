import type { Db, DbTx, Prisma } from "@disclose/db";
import {
  type CaseAction,
  type CaseState,
  can,
  type TActor,
  type TCaseFacts,
  TERMINAL_STATES,
} from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

const FACTS_SELECT = {
  id: true,
  state: true,
  receivedAt: true,
  alreadyPublic: true,
  fixLeadId: true,
  members: { select: { userId: true } },
  openedCase: {
    select: {
      alreadyPublic: true,
      remotelyExploitable: true,
      privilegeEscalation: true,
      mitigationAvailable: true,
      disclosureAt: true,
      distributorsNotifiedAt: true,
      branches: { select: { releaseVersion: true } },
      commits: { select: { sha: true, authorId: true, lgtms: { select: { userId: true } } } },
      distributorNotifications: { select: { organizationId: true, notifiedAt: true } },
    },
  },
} as const;

type TFactsRow = Prisma.ReportGetPayload<{ select: typeof FACTS_SELECT }>;

function factsOf(report: TFactsRow): TCaseFacts {
  // Before it is accepted a report has no case yet: only what the reporter said (already public) is known.
  const kase = report.openedCase;
  const versions = kase?.branches.map((b) => b.releaseVersion) ?? [];
  return {
    id: report.id,
    state: report.state as CaseState,
    reportedAt: report.receivedAt,
    isPublic: kase?.alreadyPublic ?? report.alreadyPublic,
    fixLeadId: report.fixLeadId,
    fixTeamIds: report.members.map((m) => m.userId),
    fixCommits: (kase?.commits ?? []).map((c) => ({
      sha: c.sha,
      authorId: c.authorId,
      lgtmBy: c.lgtms.map((l) => l.userId),
    })),
    mitigationAvailable: kase?.mitigationAvailable ?? false,
    remotelyExploitable: kase?.remotelyExploitable ?? false,
    privilegeEscalation: kase?.privilegeEscalation ?? false,
    // Released from every branch the fix goes to: set once each branch has its version.
    releaseVersion: versions.length > 0 && versions.every((v) => v !== null) ? versions.join(", ") : null,
    disclosureAt: kase?.disclosureAt ?? null,
    // Every organisation chosen for early disclosure; only a notified one (notifiedAt set) gives its members a role.
    distributorDisclosures: (kase?.distributorNotifications ?? []).map((n) => ({
      organizationId: n.organizationId,
      notifiedAt: n.notifiedAt,
    })),
  };
}

/** What the domain needs to know about a report-turned-case, from its row and its people. */
export async function loadCaseFacts(db: Db | DbTx, reportId: string): Promise<TCaseFacts | null> {
  if (!isUuid(reportId)) return null;
  const report = await db.report.findUnique({ where: { id: reportId }, select: FACTS_SELECT });
  return report ? factsOf(report) : null;
}

/** The facts of many cases at once, newest first. */
export async function loadCaseFactsMany(
  db: Db | DbTx,
  where: Prisma.ReportWhereInput,
  take: number,
): Promise<TCaseFacts[]> {
  const reports = await db.report.findMany({
    where,
    select: FACTS_SELECT,
    orderBy: [{ alreadyPublic: "desc" }, { receivedAt: "desc" }],
    take,
  });
  return reports.map(factsOf);
}

/**
 * The case if the caller may do `action` on it. A caller who may not even see that the case exists gets the
 * same NOT_FOUND as for a missing one, so ids cannot be probed; one who may see it but not do this gets FORBIDDEN.
 */
export async function authorizeCase(
  db: Db | DbTx,
  session: SessionInfo,
  reportId: string,
  action: CaseAction,
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const facts = await loadCaseFacts(db, reportId);
  const actor = actorOf(session);
  const notFound = new AppError(
    AppErrorCode.NOT_FOUND,
    "There is no such report, or it is not yours to see.",
  );
  if (!facts || !canSee(actor, facts)) throw notFound;
  if (!can(actor, action, { kind: "case", case: facts })) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Your role on this case does not allow this.");
  }
  return { facts, actor };
}

/** The PST sees every report; others only the cases they work on (the domain's view-summary rule). */
export function canSee(actor: TActor, facts: TCaseFacts): boolean {
  return (
    can(actor, "case.list", { kind: "system" }) ||
    can(actor, "case.view-summary", { kind: "case", case: facts })
  );
}

/** The Fix Team changes only while the case is worked on: closing it ends the team (and triage outcomes have none). */
export function assertFixTeamOpen(facts: TCaseFacts): void {
  if (TERMINAL_STATES.includes(facts.state)) {
    throw new AppError(AppErrorCode.CONFLICT, "The case is closed: its Fix Team no longer changes.");
  }
}

/**
 * Locks a case's report row for the rest of the transaction, before its facts are loaded: "share" for changes of
 * what a state change's guard reads (fix commits, LGTMs), "update" for the state change itself, so a guard never
 * passes on facts a concurrent change is taking away (e.g. an LGTM withdrawn while "mark fix ready" runs).
 */
export async function lockCaseRow(tx: DbTx, reportId: string, mode: "share" | "update"): Promise<void> {
  if (!isUuid(reportId)) return;
  if (mode === "update") await tx.$executeRaw`SELECT 1 FROM reports WHERE id = ${reportId}::uuid FOR UPDATE`;
  else await tx.$executeRaw`SELECT 1 FROM reports WHERE id = ${reportId}::uuid FOR SHARE`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The report an id or an id's prefix (8+ hex digits, as shown everywhere: "3f2a9c1b") names; null when none or
 * several do. A prefix is a range of the primary key, so the lookup uses its index.
 */
export async function resolveReportId(db: Db | DbTx, idOrPrefix: string): Promise<string | null> {
  const typed = idOrPrefix.trim().toLowerCase();
  if (isUuid(typed)) return typed;
  const hex = typed.replaceAll("-", "");
  if (!/^[0-9a-f]{8,31}$/.test(hex)) return null;
  const matches = await db.report.findMany({
    where: { id: { gte: asUuid(hex.padEnd(32, "0")), lte: asUuid(hex.padEnd(32, "f")) } },
    select: { id: true },
    take: 2,
  });
  return matches.length === 1 ? (matches[0]?.id ?? null) : null;
}

const asUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/**
 * Which cases a caller's lists show, as a query: the PST every case; others the cases they lead, and those whose
 * Fix Team they are on until the case closes (when the domain ends the Fix Team's access); a distributor none
 * (they see embargoed copies of the cases disclosed to them, never the reports).
 */
export function caseListScope(session: SessionInfo): Prisma.ReportWhereInput {
  const actor = actorOf(session);
  if (can(actor, "case.list", { kind: "system" })) return {};
  if (actor.kind !== "staff") return { id: { in: [] } };
  return {
    OR: [
      { fixLeadId: session.userId },
      { members: { some: { userId: session.userId } }, state: { not: "closed" } },
    ],
  };
}
