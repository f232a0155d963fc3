import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import csafSchema from "../../schemas/csaf/csaf_json_schema.json" with { type: "json" };
import cvss20 from "../../schemas/csaf/first/cvss-v2.0.json" with { type: "json" };
import cvss30 from "../../schemas/csaf/first/cvss-v3.0.json" with { type: "json" };
import cvss31 from "../../schemas/csaf/first/cvss-v3.1.json" with { type: "json" };
import providerSchema from "../../schemas/csaf/provider_json_schema.json" with { type: "json" };

// CommonJS packages: the class is the default export under Node's ESM loader (the e2e tests, scripts), `.default`
// under some bundlers. Accept either.
const unwrap = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T;
const Ajv2020 = unwrap(Ajv2020Module);
const addFormats = unwrap(addFormatsModule);

/**
 * The official CSAF 2.0 schemas, compiled once (the CSAF schema takes a moment): provider-metadata.json `$ref`s
 * the CSAF schema's publisher, which `$ref`s FIRST's CVSS schemas by URL.
 */
let compiled: { provider: ValidateFunction; csaf: ValidateFunction } | null = null;

function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // FIRST's schemas declare draft-04/07 and an `id`/`$id` with a query string; a 2020-12 validator refuses to load
  // the older `$schema`, and the CSAF schema refers to them by the bare URL. Same keywords, so drop and re-key.
  for (const [url, schema] of [
    ["https://www.first.org/cvss/cvss-v2.0.json", cvss20],
    ["https://www.first.org/cvss/cvss-v3.0.json", cvss30],
    ["https://www.first.org/cvss/cvss-v3.1.json", cvss31],
  ] as const) {
    const { $schema: _s, id: _id, $id: _i, ...rest } = schema as Record<string, unknown>;
    ajv.addSchema(rest, url);
  }
  ajv.addSchema(csafSchema as object);
  compiled = {
    provider: ajv.compile(providerSchema as object),
    csaf: ajv.getSchema(csafSchema.$id) as ValidateFunction,
  };
  return compiled;
}

/** Problems of a provider-metadata.json against the official schema, each naming the field; empty when valid. */
export function providerMetadataProblems(value: unknown): string[] {
  const validate = validators().provider;
  return validate(value) ? [] : describe(validate.errors);
}

/** Problems of a CSAF document against the official CSAF 2.0 JSON schema (not the 6.1 mandatory tests). */
export function csafSchemaProblems(value: unknown): string[] {
  const validate = validators().csaf;
  return validate(value) ? [] : describe(validate.errors);
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${pointerToPath(error.instancePath) || "(document)"}: ${error.message ?? ""}`,
  );
}

/** `/document/tracking/id` → `document.tracking.id`, `/a/0/b` → `a[0].b`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
