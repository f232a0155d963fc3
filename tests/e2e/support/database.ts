import pg from "pg";

/** Every place in the database where `marker` occurs: any text-like or binary column of any table. */
export async function findInDatabase(databaseUrl: string, marker: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{
      table_schema: string;
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      `SELECT table_schema, table_name, column_name, data_type
         FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
          AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const hits: string[] = [];
    for (const c of columns) {
      const column = `"${c.table_schema}"."${c.table_name}"."${c.column_name}"`;
      const asText =
        c.data_type === "bytea" ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${c.table_schema}"."${c.table_name}" WHERE strpos(${asText}, $1) > 0`,
        [marker],
      );
      if (Number(rows[0]?.n) > 0) hits.push(column);
    }
    return hits;
  } finally {
    await client.end();
  }
}

/**
 * Forgets the per-address limit on sign-in links (5 an hour) and the per-account cap on second-factor attempts
 * (10 per 15 minutes): the suite signs the same demo accounts in more often than that, which a person never does.
 * Both limits are tested in the API's sign-in and second-factor tests.
 */
export async function forgetSignInLinkLimits(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      "DELETE FROM rate_limits WHERE key LIKE 'sign-in-link:%' OR key LIKE 'second-factor:%'",
    );
  } finally {
    await client.end();
  }
}
