import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { withClient } from "../testing/shared";
import { checkSchemaDrift, formatDrift, readSchema } from "./schema-drift";

let migrated: TestDatabase;
beforeAll(async () => {
  migrated = await createTestDatabase();
});
afterAll(() => migrated.drop());

describe("the migrated database", () => {
  it("matches schema.prisma", async () => {
    const drift = await checkSchemaDrift(migrated.url);
    expect(formatDrift(drift)).toBe("database matches schema.prisma");
  });
});

describe("the drift check", () => {
  /** Applies `sql` to a fresh clone and returns the formatted drift. */
  async function driftAfter(sql: string): Promise<string> {
    const t = await createTestDatabase();
    try {
      await withClient(t.url, (client) => client.query(sql));
      return formatDrift(await checkSchemaDrift(t.url));
    } finally {
      await t.drop();
    }
  }

  it.each([
    [
      "a dropped column",
      `ALTER TABLE users DROP COLUMN image`,
      "- schema.prisma declares, database lacks: column users.image text",
    ],
    [
      "a changed default",
      `ALTER TABLE outbox_messages ALTER COLUMN attempts SET DEFAULT 1`,
      "+ database has, schema.prisma does not: column outbox_messages.attempts integer NOT NULL DEFAULT 1",
    ],
    [
      "a dropped index",
      `DROP INDEX audit_events_occurred_at_idx`,
      "- schema.prisma declares, database lacks: index audit_events_occurred_at_idx ON audit_events (occurred_at)",
    ],
    [
      "a unique index made plain",
      `DROP INDEX users_email_key; CREATE INDEX users_email_key ON users (email)`,
      "+ database has, schema.prisma does not: index users_email_key ON users (email)",
    ],
    [
      "a changed nullability",
      `ALTER TABLE users ALTER COLUMN name SET NOT NULL`,
      "+ database has, schema.prisma does not: column users.name text NOT NULL",
    ],
    [
      "a changed type",
      `ALTER TABLE sessions ALTER COLUMN expires TYPE timestamp(3)`,
      "+ database has, schema.prisma does not: column sessions.expires timestamp(3) without time zone NOT NULL",
    ],
    [
      "a changed foreign key action",
      `ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey,
         ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE`,
      "+ database has, schema.prisma does not: foreign key sessions_user_id_fkey ON sessions (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE",
    ],
    [
      "an extra enum value",
      `ALTER TYPE "Role" ADD VALUE 'AUDITOR'`,
      `+ database has, schema.prisma does not: enum "Role" (ADMIN, PST_MEMBER, DISTRIBUTOR_MEMBER, AUDITOR)`,
    ],
    ["an extra table", `CREATE TABLE stray (id int)`, "+ database has, schema.prisma does not: table stray"],
  ])("names %s", async (_, sql, line) => {
    expect(await driftAfter(sql)).toContain(line);
  });

  it("names what a changed schema.prisma declares that the migrations do not", async () => {
    const schema = (await readSchema())
      .replace(
        "  image         String?\n",
        '  image         String?\n  locale        String   @default("en")\n',
      )
      .replace("  @@index([role])\n", "");
    const message = formatDrift(await checkSchemaDrift(migrated.url, schema));
    expect(message).toContain(
      "- schema.prisma declares, database lacks: column users.locale text NOT NULL DEFAULT 'en'::text",
    );
    expect(message).toContain(
      "+ database has, schema.prisma does not: index user_roles_role_idx ON user_roles (role)",
    );
  });
});
