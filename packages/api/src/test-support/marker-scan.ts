import type { Db } from "@disclose/db";

/** Every column of every table that holds `marker` anywhere (text, JSON, arrays or bytes): none, for secrets. */
export async function columnsContaining(db: Db, marker: string): Promise<string[]> {
  const columns = await db.$queryRaw<
    { table_schema: string; table_name: string; column_name: string; data_type: string }[]
  >`
    SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
      AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')`;
  if (columns.length < 20)
    throw new Error("the scan found too few columns to be looking at the right database");
  const hits: string[] = [];
  for (const c of columns) {
    const expr =
      c.data_type === "bytea"
        ? `position(convert_to($1, 'UTF8') in "${c.column_name}") > 0`
        : `"${c.column_name}"::text LIKE '%' || $1 || '%'`;
    const [hit] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${c.table_schema}"."${c.table_name}" WHERE ${expr}`,
      marker,
    );
    if (hit && hit.n > 0n) hits.push(`"${c.table_schema}"."${c.table_name}"."${c.column_name}"`);
  }
  return hits;
}
