import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import csafSchema from "../../schemas/csaf/csaf_json_schema.json" with { type: "json" };
import cvss20 from "../../schemas/csaf/first/cvss-v2.0.json" with { type: "json" };
import cvss30 from "../../schemas/csaf/first/cvss-v3.0.json" with { type: "json" };
import cvss31 from "../../schemas/csaf/first/cvss-v3.1.json" with { type: "json" };
import cveRecordSchema from "../../schemas/cve/CVE_JSON_bundled_5.1.1.json" with { type: "json" };
import cvePublishedSchema from "../../schemas/cve/CVE_JSON_cnaPublishedContainer_5.1.1.json" with {
  type: "json",
};
import cveRejectedSchema from "../../schemas/cve/CVE_JSON_cnaRejectedContainer_5.1.1.json" with {
  type: "json",
};
import osvSchema from "../../schemas/osv/schema-1.7.5.json" with { type: "json" };

/**
 * Validators for the official schemas vendored in ../../schemas (see SOURCES.md there). Each is compiled once per
 * process, on first use: compiling the CVE and CSAF schemas takes a noticeable fraction of a second.
 */

// CommonJS packages: under Node's ESM loader the class is the default export, under some bundlers it sits on
// `.default`. Accept either.
const unwrap = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T;
const Ajv = unwrap(AjvModule);
const Ajv2020 = unwrap(Ajv2020Module);
const addFormats = unwrap(addFormatsModule);

export interface SchemaError {
  /** Where in the document: "affected[0].versions[1]" (empty for the document itself). */
  readonly path: string;
  readonly message: string;
}
export type ValidationResult = { readonly ok: true } | { readonly ok: false; readonly errors: SchemaError[] };

// Imported, not read from disk by path: the apps' bundler then carries them (a path computed at run time points
// nowhere once bundled).
const SCHEMAS = {
  "cve/CVE_JSON_cnaPublishedContainer_5.1.1.json": cvePublishedSchema,
  "cve/CVE_JSON_cnaRejectedContainer_5.1.1.json": cveRejectedSchema,
  "cve/CVE_JSON_bundled_5.1.1.json": cveRecordSchema,
  "osv/schema-1.7.5.json": osvSchema,
  "csaf/csaf_json_schema.json": csafSchema,
  "csaf/first/cvss-v2.0.json": cvss20,
  "csaf/first/cvss-v3.0.json": cvss30,
  "csaf/first/cvss-v3.1.json": cvss31,
} as const;

function schemaFile(name: keyof typeof SCHEMAS): Record<string, unknown> {
  // A copy: Ajv annotates what it compiles, and a schema is compiled by more than one validator.
  return structuredClone(SCHEMAS[name]) as Record<string, unknown>;
}

/** "/affected/0/versions/1" → "affected[0].versions[1]". */
export function pointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

function describe(error: ErrorObject): SchemaError {
  let path = pointerToPath(error.instancePath);
  let message = error.message ?? "is not valid";
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    path = path === "" ? params.additionalProperty : `${path}.${params.additionalProperty}`;
    message = "is not allowed here (no such property in the schema)";
  } else if (error.keyword === "required" && typeof params.missingProperty === "string") {
    path = path === "" ? params.missingProperty : `${path}.${params.missingProperty}`;
    message = "is required";
  } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message = `must be one of: ${params.allowedValues.slice(0, 20).join(", ")}`;
  }
  return { path, message };
}

/** Ajv's errors as {path, message}, duplicates removed, at most 50. */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined): SchemaError[] {
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const error of errors ?? []) {
    const described = describe(error);
    const key = `${described.path}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
    if (out.length === 50) break;
  }
  return out;
}

function runner(compile: () => ValidateFunction): (doc: unknown) => ValidationResult {
  let validate: ValidateFunction | undefined;
  return (doc) => {
    validate ??= compile();
    return validate(doc) ? { ok: true } : { ok: false, errors: schemaErrors(validate.errors) };
  };
}

let cveAjv: InstanceType<typeof Ajv> | undefined;
function cve(): InstanceType<typeof Ajv> {
  if (cveAjv !== undefined) return cveAjv;
  // draft-07, as the CVE schemas declare. The bundled schema inlines FIRST's CVSS schemas with their own
  // draft-04 `$schema`; their keywords mean the same here, so meta-schema checks are skipped (strict: false).
  cveAjv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(cveAjv);
  return cveAjv;
}

/** The CNA container as CVE Services takes it (CVE JSON 5.1.1, published). */
export const validateCveCnaContainer = runner(() =>
  cve().compile(schemaFile("cve/CVE_JSON_cnaPublishedContainer_5.1.1.json")),
);
/** The CNA container of a rejected CVE. */
export const validateCveRejectedContainer = runner(() =>
  cve().compile(schemaFile("cve/CVE_JSON_cnaRejectedContainer_5.1.1.json")),
);
/** A full CVE record (CVE_JSON_bundled_5.1.1.json). */
export const validateCveRecord = runner(() => cve().compile(schemaFile("cve/CVE_JSON_bundled_5.1.1.json")));

/** An OSV record (schema 1.7.5, JSON Schema 2020-12). */
export const validateOsvRecord = runner(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schemaFile("osv/schema-1.7.5.json"));
});

/** A CSAF 2.0 document (JSON Schema 2020-12), with FIRST's CVSS schemas registered under the URLs it references. */
export const validateCsafDocument = runner(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const [file, url] of [
    ["csaf/first/cvss-v2.0.json", "https://www.first.org/cvss/cvss-v2.0.json"],
    ["csaf/first/cvss-v3.0.json", "https://www.first.org/cvss/cvss-v3.0.json"],
    ["csaf/first/cvss-v3.1.json", "https://www.first.org/cvss/cvss-v3.1.json"],
  ] as const) {
    // Their own $schema (draft-04/07) and id would make a 2020-12 validator refuse or re-key them.
    const { $schema: _schema, id: _id, $id: _dollarId, ...schema } = schemaFile(file);
    ajv.addSchema(schema, url);
  }
  return ajv.compile(schemaFile("csaf/csaf_json_schema.json"));
});

/** The properties CVE JSON 5.2.0 defines for affected[] items; 5.2.0 forbids any other (5.1.1 did not). */
export const CVE_5_2_AFFECTED_PROPERTIES: ReadonlySet<string> = new Set([
  "vendor",
  "product",
  "collectionURL",
  "packageName",
  "packageURL",
  "cpes",
  "modules",
  "programFiles",
  "programRoutines",
  "platforms",
  "repo",
  "defaultStatus",
  "versions",
]);

/**
 * The one rule of CVE JSON 5.2.0 that 5.1.1 lacks and our records could break: no extra properties in affected[]
 * items. (The 5.2.0 schema file could not be vendored; this keeps the records valid under it.)
 */
export function checkCveAffectedFor52(container: unknown): ValidationResult {
  const affected = (container as { affected?: unknown } | null)?.affected;
  if (!Array.isArray(affected)) return { ok: true };
  const errors: SchemaError[] = [];
  affected.forEach((item, i) => {
    if (item === null || typeof item !== "object") return;
    for (const key of Object.keys(item)) {
      if (!CVE_5_2_AFFECTED_PROPERTIES.has(key)) {
        errors.push({ path: `affected[${i}].${key}`, message: "is not allowed here (CVE JSON 5.2.0)" });
      }
    }
  });
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
