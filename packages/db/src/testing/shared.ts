import pg from "pg";

export interface TestPgInfo {
  /** Superuser URL (to the server's maintenance database). */
  adminUrl: string;
  /** The tables' owner (runs migrations), to the maintenance database; withDatabase() points it elsewhere. */
  ownerUrl: string;
  /** The apps' role (`APP_ROLE`), to the maintenance database. */
  appUrl: string;
  /** Migrated database that createTestDatabase() clones. */
  template: string;
  /** Every database of this test run starts with it; teardown drops them all. */
  prefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    discloseTestPg: TestPgInfo;
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
