// Issue 12's data migration (20261205090000_case_workspace): reports that were already cases become cases with
// the same id, their CVE moves to the case's first vulnerability, and duplicates join their original's case.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmptyTestDatabase, type EmptyTestDatabase } from "../testing";
import { withClient } from "../testing/shared";
import { runMigrations } from "./run-migrations";

const PROJECT = path.join(import.meta.dirname, "../../prisma/migrations");
const SPLIT = "20261205090000_case_workspace";

let database: EmptyTestDatabase;
let before: string;
beforeAll(async () => {
  database = await createEmptyTestDatabase();
  // The project's migrations up to (not including) the split, as a database deployed before it would have.
  before = await mkdtemp(path.join(tmpdir(), "disclose-before-split-"));
  for (const name of (await readdir(PROJECT)).filter((n) => /^\d{14}_/.test(n) && n < SPLIT)) {
    await cp(path.join(PROJECT, name), path.join(before, name), { recursive: true });
  }
});
afterAll(async () => {
  await database?.drop();
  await rm(before, { recursive: true, force: true });
});

const sql = <T extends object>(text: string, values: unknown[] = []) =>
  withClient(
    database.url,
    async (client) => (await client.query<T & Record<string, unknown>>(text, values)).rows,
  );

function report(id: string, state: string, extra: Record<string, unknown> = {}) {
  const columns = { id, state, already_public: false, cve_id: null, duplicate_of_id: null, ...extra };
  const names = Object.keys(columns);
  return sql(
    `INSERT INTO reports (${names.join(", ")}, ciphertext, encryption, recipient_fingerprints, tracking_secret_hash,
                          reporter_public_key, reporter_locked_private_key)
     VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")}, '-----BEGIN PGP MESSAGE-----', 'browser', '{}', md5($${names.length + 1}) || md5($${names.length + 1}), 'k', 'k')`,
    [...Object.values(columns), id],
  );
}

it("turns accepted reports into cases with their CVE, and leaves triage and refused reports alone", async () => {
  await runMigrations({ databaseUrl: database.url, migrationsDir: before });
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  await report(id(1), "released", {
    cve_id: "CVE-2026-1111",
    already_public: true,
    decided_at: new Date("2026-11-01T10:00:00Z"),
  });
  await report(id(2), "fix-in-progress");
  await report(id(3), "duplicate", { duplicate_of_id: id(1) });
  await report(id(4), "triage");
  await report(id(5), "rejected");

  const { applied } = await runMigrations({ databaseUrl: database.url });
  expect(applied).toContain(SPLIT);

  const cases = await sql<{ id: string; opened_at: Date; already_public: boolean }>(
    "SELECT id, opened_at, already_public FROM cases ORDER BY id",
  );
  expect(cases.map((c) => c.id)).toEqual([id(1), id(2)]);
  expect(cases[0]).toMatchObject({ opened_at: new Date("2026-11-01T10:00:00Z"), already_public: true });
  const vulnerabilities = await sql<{ case_id: string; position: number; cve_id: string | null }>(
    "SELECT case_id, position, cve_id FROM vulnerabilities ORDER BY case_id",
  );
  expect(vulnerabilities).toEqual([
    { case_id: id(1), position: 1, cve_id: "CVE-2026-1111" },
    { case_id: id(2), position: 1, cve_id: null },
  ]);
  const links = await sql<{ id: string; case_id: string | null }>(
    "SELECT id, case_id FROM reports ORDER BY id",
  );
  expect(links).toEqual([
    { id: id(1), case_id: id(1) },
    { id: id(2), case_id: id(2) },
    { id: id(3), case_id: id(1) },
    { id: id(4), case_id: null },
    { id: id(5), case_id: null },
  ]);
  const columns = await sql<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'reports' AND column_name IN ('cve_id', 'expected_release_at')",
  );
  expect(columns).toEqual([]);
});
