import type { Db } from "@disclose/db";

/**
 * Results that are recomputed only when something changed, for pages read far more often than their data
 * changes (the metrics over thousands of cases, a Fix Lead's receipt table of hundreds of organisations). The key
 * holds the audit log's head: every change Disclose makes is written with its audit event in the same
 * transaction, so a new head means the data may have changed. It also holds the minute, for what depends on the
 * clock (a milestone turning overdue, a key expiring): `compute` gets that minute as its `now`. Authorization is
 * the caller's, before asking: a cached result is only ever given to someone allowed to see it.
 */
export function createAuditHeadCache<T>(options: { max: number }) {
  const entries = new Map<string, Promise<T>>();
  return async function cached(
    db: Db,
    key: string,
    now: Date,
    compute: (minute: Date) => Promise<T>,
  ): Promise<T> {
    const head = await db.auditHead.findUnique({ where: { id: 1 }, select: { seq: true } });
    const minute = Math.floor(now.getTime() / 60_000);
    const full = `${key}|${head?.seq ?? 0}|${minute}`;
    let entry = entries.get(full);
    if (!entry) {
      // The promise is kept, so concurrent requests for the same result share one computation.
      entry = compute(new Date(minute * 60_000));
      entry.catch(() => entries.delete(full));
      if (entries.size >= options.max) entries.delete(entries.keys().next().value as string);
      entries.set(full, entry);
    }
    return entry;
  };
}
