import { PrismaPg } from "@prisma/adapter-pg";
import { requireDatabaseUrl } from "./env";
import { type Prisma, PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type DbTx = Prisma.TransactionClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

// On globalThis so that Next.js dev reloads of this module reuse one pool.
const holder = globalThis as typeof globalThis & { __discloseDb?: Db };

/** The process-wide client for DATABASE_URL, created on first use. */
export function getDb(): Db {
  holder.__discloseDb ??= createDb(requireDatabaseUrl());
  return holder.__discloseDb;
}
