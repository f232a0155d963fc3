// Compares a migrated database with what schema.prisma declares, both reduced to comparable one-line facts.
// schema.prisma is read with Prisma's own parser (the DMMF, from the WASM schema engine; works offline).

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";

export const schemaPath = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

type Document = Exclude<ReturnType<typeof getDMMF>, { type: string }>;
type Model = Document["datamodel"]["models"][number];
type Field = Model["fields"][number];

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export async function readSchema(): Promise<string> {
  return readFile(schemaPath, "utf8");
}

/** The facts schema.prisma implies for PostgreSQL, named as Prisma names tables, indexes and constraints. */
export function expectedFacts(schema: string): string[] {
  const dmmf = getDMMF({ datamodel: schema });
  if ("type" in dmmf) throw new Error(`schema.prisma does not parse: ${dmmf.reason}`, { cause: dmmf.error });
  const { models, enums, indexes } = dmmf.datamodel;
  const tableOf = (name: string) => {
    const model = models.find((m) => m.name === name);
    if (!model) throw new Error(`unknown model ${name}`);
    return model.dbName ?? model.name;
  };
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`unknown field ${model.name}.${fieldName}`);
    return field.dbName ?? field.name;
  };
  const enumDbName = (name: string) => enums.find((e) => e.name === name)?.dbName ?? name;

  const facts: string[] = [];
  for (const e of enums) {
    facts.push(
      `enum ${quoteIdent(e.dbName ?? e.name)} (${e.values.map((v) => v.dbName ?? v.name).join(", ")})`,
    );
  }
  for (const model of models) {
    const table = tableOf(model.name);
    facts.push(`table ${table}`);
    for (const field of model.fields) {
      if (field.kind !== "scalar" && field.kind !== "enum") continue;
      const column = field.dbName ?? field.name;
      const base = field.kind === "enum" ? quoteIdent(enumDbName(field.type)) : scalarType(field);
      const type = field.isList ? `${base}[]` : base;
      const dflt = defaultExpression(field, table, column, enumDbName);
      // Prisma's migrations create list columns without NOT NULL (as `TEXT[]`), whatever the DMMF says.
      const notNull = field.isRequired && !field.isList;
      facts.push(
        `column ${table}.${column} ${type}${notNull ? " NOT NULL" : ""}${dflt ? ` DEFAULT ${dflt}` : ""}`,
      );
    }
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const from = field.relationFromFields.map((f) => columnOf(model, f));
      const target = models.find((m) => m.name === field.type);
      if (!target) throw new Error(`unknown model ${field.type}`);
      const to = (field.relationToFields ?? []).map((f) => columnOf(target, f));
      const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
      const onUpdate = field.relationOnUpdate ?? "Cascade";
      facts.push(
        `foreign key ${table}_${from.join("_")}_fkey ON ${table} (${from.join(", ")}) REFERENCES ` +
          `${tableOf(field.type)} (${to.join(", ")}) ON DELETE ${REFERENTIAL_ACTIONS[onDelete]} ` +
          `ON UPDATE ${REFERENTIAL_ACTIONS[onUpdate]}`,
      );
    }
  }
  for (const index of indexes) {
    const model = models.find((m) => m.name === index.model);
    if (!model) throw new Error(`unknown model ${index.model}`);
    const table = tableOf(model.name);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    if (index.type === "id") {
      facts.push(`primary key ${index.dbName ?? `${table}_pkey`} ON ${table} (${columns.join(", ")})`);
    } else if (index.type === "unique" || index.type === "normal") {
      const suffix = index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? `${table}_${columns.join("_")}_${suffix}`;
      facts.push(
        `${index.type === "unique" ? "unique index" : "index"} ${name} ON ${table} (${columns.join(", ")})`,
      );
    } else {
      throw new Error(`drift check: index type ${index.type} on ${table} is not supported yet`);
    }
  }
  return facts.sort();
}

function scalarType(field: Field): string {
  const [native, args = []] = (field.nativeType ?? []) as [string?, string[]?];
  switch (field.type) {
    case "String":
      if (!native) return "text";
      if (native === "Uuid") return "uuid";
      if (native === "VarChar") return `character varying(${args[0]})`;
      if (native === "Text") return "text";
      break;
    case "DateTime":
      if (!native) return "timestamp(3) without time zone";
      if (native === "Timestamptz") return `timestamp(${args[0] ?? 6}) with time zone`;
      if (native === "Timestamp") return `timestamp(${args[0] ?? 6}) without time zone`;
      if (native === "Date") return "date";
      break;
    case "Int":
      if (!native) return "integer";
      break;
    case "BigInt":
      if (!native) return "bigint";
      break;
    case "Boolean":
      if (!native) return "boolean";
      break;
    case "Float":
      if (!native) return "double precision";
      break;
    case "Json":
      if (!native) return "jsonb";
      break;
    case "Bytes":
      if (!native) return "bytea";
      break;
  }
  throw new Error(`drift check: type ${field.type} @db.${native} of ${field.name} is not supported yet`);
}

function defaultExpression(
  field: Field,
  table: string,
  column: string,
  enumDbName: (name: string) => string,
): string | undefined {
  const value = field.default as unknown;
  if (value === undefined) return undefined;
  if (value !== null && typeof value === "object" && "name" in value) {
    const fn = (value as { name: string }).name;
    if (fn === "autoincrement") return `nextval('${table}_${column}_seq'::regclass)`;
    if (fn === "now") return "CURRENT_TIMESTAMP";
    // cuid(), uuid() and the like are generated by the client, not by the database.
    return undefined;
  }
  if (field.kind === "enum") return `'${value}'::${quoteIdent(enumDbName(field.type))}`;
  if (field.type === "String") return `'${String(value).replaceAll("'", "''")}'::text`;
  if (field.type === "Json") return `'${String(value).replaceAll("'", "''")}'::jsonb`;
  return String(value);
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The same facts, read from the database's catalog (schema `public`, without Prisma's own table). */
export async function databaseFacts(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query<{ fact: string }>(sql)).rows.map((r) => r.fact);
    const facts = [
      ...(await rows(`
        SELECT format('enum %s (%s)', format_type(t.oid, NULL),
                      string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)) AS fact
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.oid`)),
      ...(await rows(`
        SELECT format('table %s', c.relname) AS fact FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`)),
      ...(await rows(`
        SELECT format('column %s.%s %s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                      CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                      coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')) AS fact
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
          AND a.attnum > 0 AND NOT a.attisdropped`)),
      ...(await rows(`
        SELECT format('%s %s ON %s (%s)',
                      CASE WHEN x.indisprimary THEN 'primary key' WHEN x.indisunique THEN 'unique index' ELSE 'index' END,
                      i.relname, c.relname,
                      string_agg(a.attname, ', ' ORDER BY k.ord)) AS fact
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> '_prisma_migrations'
        GROUP BY x.indexrelid, x.indisprimary, x.indisunique, i.relname, c.relname`)),
      ...(await rows(`
        SELECT format('foreign key %s ON %s (%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s',
                      co.conname, c.relname,
                      (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(co.conkey) WITH ORDINALITY k(n, ord)
                       JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n),
                      r.relname,
                      (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(co.confkey) WITH ORDINALITY k(n, ord)
                       JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n),
                      ${action("co.confdeltype")}, ${action("co.confupdtype")}) AS fact
        FROM pg_constraint co
        JOIN pg_class c ON c.oid = co.conrelid
        JOIN pg_class r ON r.oid = co.confrelid
        WHERE co.contype = 'f' AND c.relnamespace = 'public'::regnamespace`)),
    ];
    return facts.sort();
  } finally {
    await client.end();
  }
}

function action(column: string): string {
  return `CASE ${column} WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
          WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END`;
}

export interface DriftReport {
  /** Declared by schema.prisma but not so in the database. */
  missing: string[];
  /** In the database but not declared by schema.prisma. */
  unexpected: string[];
}

export async function checkSchemaDrift(databaseUrl: string, schema?: string): Promise<DriftReport> {
  const expected = expectedFacts(schema ?? (await readSchema()));
  const actual = await databaseFacts(databaseUrl);
  return {
    missing: expected.filter((f) => !actual.includes(f)),
    unexpected: actual.filter((f) => !expected.includes(f)),
  };
}

export function formatDrift({ missing, unexpected }: DriftReport): string {
  if (missing.length === 0 && unexpected.length === 0) return "database matches schema.prisma";
  return [
    "database and schema.prisma differ:",
    ...missing.map((f) => `  - schema.prisma declares, database lacks: ${f}`),
    ...unexpected.map((f) => `  + database has, schema.prisma does not: ${f}`),
  ].join("\n");
}
