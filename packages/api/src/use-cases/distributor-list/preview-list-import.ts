import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import {
  assertMayManageDistributorList,
  type TListImportInput,
  type TListImportPreview,
} from "./distributor-list";
import { planListImport } from "./plan-list-import";

/** The dry run: what the CSV would create, and every problem with it. Nothing is written. */
export async function previewListImport({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TListImportInput;
  now: Date;
}): Promise<TListImportPreview> {
  assertMayManageDistributorList(session);
  const plan = await planListImport({ tx: db, csv: input.csv, now });
  return {
    organizations: plan.organizations.map(({ teamKeyArmored: _armored, teamKeyPublic: _public, ...o }) => o),
    problems: plan.problems,
  };
}
