import type { Db, Prisma } from "@disclose/db";
import { CASE_SEVERITIES, publicRecord, type TPublicRecord } from "@disclose/domain";
import { z } from "zod";
import { utcDay } from "../alerts/send-due-reminders";
import { loadCaseHistories } from "./load-case-histories";

const ZStats = z.object({ count: z.number(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() });
const ZDesideratum = z.object({ met: z.number(), broken: z.number(), shareMet: z.number().nullable() });

/** The public record as the portal shows it (the domain's TPublicRecord, nothing more). */
export const ZPublicRecord = z.object({
  generatedAt: z.string(),
  coveredFrom: z.string().nullable(),
  coveredTo: z.string().nullable(),
  releasedCases: z.number(),
  timeToFixReady: ZStats,
  timeToRelease: ZStats,
  releaseOnTime: z.object({
    onTime: z.number(),
    late: z.number(),
    onTimeRate: z.number().nullable(),
    adjusted: z.number(),
  }),
  bySeverity: z.object(
    Object.fromEntries(CASE_SEVERITIES.map((s) => [s, z.number()])) as Record<
      (typeof CASE_SEVERITIES)[number],
      z.ZodNumber
    >,
  ),
  vultron: z.object({ fixReadyBeforePublic: ZDesideratum, releasedBeforeExploit: ZDesideratum }),
});

/**
 * The worker's daily run: computes the day's public record from every case and stores it as the snapshot of
 * `now`'s UTC day (again if one exists). Null while the setting is off: nothing is computed or kept for a record
 * nobody chose to publish (switching it deletes every snapshot, see updateSettings).
 */
export async function refreshPublicRecord({ db, now }: { db: Db; now: Date }): Promise<TPublicRecord | null> {
  return (await isPublished(db)) ? storeSnapshot(db, now) : null;
}

const isPublished = async (db: Db) =>
  (await db.settings.findUnique({ where: { id: 1 }, select: { publicMetrics: true } }))?.publicMetrics ??
  false;

async function storeSnapshot(db: Db, now: Date): Promise<TPublicRecord> {
  const histories = await loadCaseHistories(db, { from: new Date(0), to: new Date(now.getTime() + 1) });
  const record = publicRecord(histories, { now });
  const day = utcDay(now);
  const figures = record as unknown as Prisma.InputJsonObject;
  await db.publicMetricsSnapshot.upsert({
    where: { day },
    create: { day, computedAt: now, figures },
    update: { computedAt: now, figures },
  });
  return record;
}

/**
 * The portal's public record: the snapshot of `now`'s UTC day, made on the first request of the day when the
 * worker has not made it yet, so the figures change at most once a day whatever the traffic. Null when the
 * setting is off (the page does not exist then).
 */
export async function getPublicRecord({ db, now }: { db: Db; now: Date }): Promise<TPublicRecord | null> {
  if (!(await isPublished(db))) return null;
  const snapshot = await db.publicMetricsSnapshot.findUnique({ where: { day: utcDay(now) } });
  if (snapshot) {
    const stored = ZPublicRecord.safeParse(snapshot.figures);
    if (stored.success) return stored.data;
  }
  return storeSnapshot(db, now);
}
