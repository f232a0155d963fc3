/// <reference path="../types/csaf-validator-lib.d.ts" />
import { pointerToPath, type SchemaError, type ValidationResult } from "./schemas";

/**
 * CSAF 2.0's mandatory tests (section 6.1) as BSI's csaf-validator-lib implements them: what the schema cannot
 * say (product ids defined, CVSS scores matching their vectors, CWE names, revision history order, …).
 * validateStrict only runs the library's own tests, so nothing here can be swapped for arbitrary code.
 */
export async function runCsafMandatoryTests(doc: unknown): Promise<ValidationResult> {
  // Loaded on first use: the library pulls in a few hundred modules (seconds on a small machine), which nothing
  // that only builds exports should pay for.
  const [mandatoryTests, { default: validateStrict }] = await Promise.all([
    import("@secvisogram/csaf-validator-lib/mandatoryTests.js"),
    import("@secvisogram/csaf-validator-lib/validateStrict.js"),
  ]);
  const tests = Object.values(mandatoryTests).filter((t) => typeof t === "function");
  const result = await validateStrict(tests, doc);
  if (result.isValid) return { ok: true };
  const errors: SchemaError[] = [];
  for (const test of result.tests) {
    if (test.isValid) continue;
    const id = test.name.replace(/^mandatoryTest_/, "").replace(/_/g, ".");
    for (const error of test.errors) {
      errors.push({ path: pointerToPath(error.instancePath), message: `CSAF test ${id}: ${error.message}` });
    }
    if (test.errors.length === 0) errors.push({ path: "", message: `CSAF test ${id} failed.` });
  }
  return { ok: false, errors };
}
