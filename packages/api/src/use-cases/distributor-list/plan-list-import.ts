import { checkTeamPublicKey } from "@disclose/crypto";
import type { Db, DbTx } from "@disclose/db";
import {
  planDistributorListImport,
  type TImportedOrganization,
  type TListImportProblem,
} from "@disclose/domain";
import { readListCsv } from "./read-list-csv";

export interface TListImportPlan {
  organizations: (TImportedOrganization & { teamKeyFingerprint: string; teamKeyPublic: string })[];
  problems: (TListImportProblem & { row: number | null })[];
}

/**
 * Reads the CSV, asks the domain what it means against what is already there, and checks each organisation's
 * team key (one v4 public key that can encrypt at `now`). Writes nothing: the preview shows this, and the import
 * runs it again inside its transaction so that what it checks is what it writes.
 */
export async function planListImport({
  tx,
  csv,
  now,
}: {
  tx: Db | DbTx;
  csv: string;
  now: Date;
}): Promise<TListImportPlan> {
  const read = readListCsv(csv);
  if (!read.ok) return { organizations: [], problems: [{ ...read.problem, row: null }] };
  // Only what the file names is looked up (the list and the accounts may be long).
  const names = [...new Set(read.records.map((r) => (r.fields[0] ?? "").trim()).filter(Boolean))];
  const emails = [
    ...new Set(read.records.map((r) => (r.fields[5] ?? "").trim().toLowerCase()).filter(Boolean)),
  ];
  const [organizations, accounts] = await Promise.all([
    tx.distributorOrganization.findMany({
      where: { OR: names.map((name) => ({ name: { equals: name, mode: "insensitive" as const } })) },
      select: { name: true },
    }),
    tx.user.findMany({ where: { email: { in: emails } }, select: { email: true } }),
  ]);
  const plan = planDistributorListImport({
    header: read.header,
    records: read.records,
    existingOrganizationNames: names.length > 0 ? organizations.map((o) => o.name) : [],
    existingAccountEmails: accounts.map((a) => a.email),
  });
  const problems = [...plan.problems];
  const checked: TListImportPlan["organizations"] = [];
  for (const organization of plan.organizations) {
    const key = await checkTeamPublicKey({ armoredKey: organization.teamKeyArmored, now });
    if (!key.ok) {
      problems.push({
        line: organization.line,
        column: "team_key",
        message: `${organization.name}: ${key.reason}`,
      });
      continue;
    }
    checked.push({ ...organization, teamKeyFingerprint: key.fingerprint, teamKeyPublic: key.publicKey });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // A spreadsheet numbers rows, not lines: a quoted team key spans many lines, so both are given.
  const rowOfLine = new Map(read.records.map((record) => [record.line, record.row]));
  rowOfLine.set(1, 1);
  return {
    organizations: checked,
    problems: problems.map((problem) => ({
      ...problem,
      row: problem.line === null ? null : (rowOfLine.get(problem.line) ?? null),
    })),
  };
}
