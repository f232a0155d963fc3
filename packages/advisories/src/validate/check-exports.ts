import type { z } from "zod";
import { type CsafExportOptions, csafDocument } from "../exports/csaf";
import { type CveExportOptions, cveExports } from "../exports/cve";
import { type OsvExport, osvRecords } from "../exports/osv";
import {
  makeAdvisoryMetaSchema,
  type TAdvisoryContent,
  type TAdvisoryMeta,
  ZAdvisoryContent,
} from "../model";
import { runCsafMandatoryTests } from "./csaf-mandatory";
import {
  checkCveAffectedFor52,
  type ValidationResult,
  validateCsafDocument,
  validateCveCnaContainer,
  validateCveRecord,
  validateOsvRecord,
} from "./schemas";

export interface ExportProblem {
  /** Which input or export: "content", "meta", "cve CVE-2026-10001", "cve record CVE-2026-10001", "osv x_…", "csaf". */
  readonly source: string;
  /** The field, like "affected[0].ranges[1].events". */
  readonly path: string;
  readonly message: string;
}

export interface CheckExportsOptions extends CveExportOptions, CsafExportOptions {
  /** Prefix of advisory ids (default "DISCLOSE"). */
  readonly advisoryIdPrefix?: string;
  /** Prefix of OSV ids (default "x_", the prefix OSV allows an unregistered database). */
  readonly osvIdPrefix?: string;
}

export interface AdvisoryExports {
  readonly cve: ReturnType<typeof cveExports>;
  readonly osv: OsvExport;
  readonly csaf: ReturnType<typeof csafDocument>;
}

export type CheckExportsResult =
  | {
      readonly ok: true;
      readonly content: TAdvisoryContent;
      readonly meta: TAdvisoryMeta;
      readonly exports: AdvisoryExports;
    }
  | { readonly ok: false; readonly problems: ExportProblem[]; readonly exports?: AdvisoryExports };

/** zod's path as a field name: ["affected", 0, "ranges", 1, "events"] → "affected[0].ranges[1].events". */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function zodProblems(source: string, error: z.ZodError): ExportProblem[] {
  return error.issues.map((issue) => ({ source, path: fieldPath(issue.path), message: issue.message }));
}

function collect(problems: ExportProblem[], source: string, result: ValidationResult): void {
  if (!result.ok) for (const e of result.errors) problems.push({ source, path: e.path, message: e.message });
}

/**
 * Parses the advisory (refusing bad input with the field named), builds every export and validates each one
 * against its official schema, plus CSAF's mandatory tests. Publish only when `ok`.
 */
export async function checkExports(
  contentInput: unknown,
  metaInput: unknown,
  options: CheckExportsOptions,
): Promise<CheckExportsResult> {
  const content = ZAdvisoryContent.safeParse(contentInput);
  const meta = makeAdvisoryMetaSchema({ idPrefix: options.advisoryIdPrefix }).safeParse(metaInput);
  if (!content.success || !meta.success) {
    return {
      ok: false,
      problems: [
        ...(content.success ? [] : zodProblems("content", content.error)),
        ...(meta.success ? [] : zodProblems("meta", meta.error)),
      ],
    };
  }
  const exports: AdvisoryExports = {
    cve: cveExports(content.data, meta.data, options),
    osv: osvRecords(content.data, meta.data, options.osvIdPrefix ? { idPrefix: options.osvIdPrefix } : {}),
    csaf: csafDocument(content.data, meta.data, options),
  };
  const problems: ExportProblem[] = [];
  for (const c of exports.cve) {
    collect(problems, `cve ${c.cveId}`, validateCveCnaContainer(c.container));
    collect(problems, `cve ${c.cveId}`, checkCveAffectedFor52(c.container));
    collect(problems, `cve record ${c.cveId}`, validateCveRecord(c.record));
  }
  for (const r of exports.osv.records) collect(problems, `osv ${r.id}`, validateOsvRecord(r.record));
  collect(problems, "csaf", validateCsafDocument(exports.csaf));
  collect(problems, "csaf", await runCsafMandatoryTests(exports.csaf));
  return problems.length === 0
    ? { ok: true, content: content.data, meta: meta.data, exports }
    : { ok: false, problems, exports };
}
