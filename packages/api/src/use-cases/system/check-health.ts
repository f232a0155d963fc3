import type { Db } from "@disclose/db";
import { z } from "zod";

export const ZHealth = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable() }),
  checkedAt: z.date(),
});
export type THealth = z.infer<typeof ZHealth>;

/** Round-trips the database; a failure is an answer ("degraded"), not an exception, so pages can show it. */
export async function checkHealth({ db, now }: { db: Db; now: Date }): Promise<THealth> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { status: "ok", database: { ok: true, latencyMs }, checkedAt: now };
  } catch (error) {
    console.error("health: database unreachable", error);
    return { status: "degraded", database: { ok: false, latencyMs: null }, checkedAt: now };
  }
}
