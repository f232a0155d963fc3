import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `caseEvents` router. */
export const caseEventsRows: AuthzRows = (fx) => ({
  "caseEvents.list": {
    input: async () => {
      await fx.db.case.upsert({ where: { id: fx.caseA.id }, create: { id: fx.caseA.id }, update: {} });
      return { reportId: fx.caseA.id };
    },
    allowed: fx.onCase("case.read-history"),
  },
  "caseEvents.record": {
    // A fresh case each time: recording adds a row to it.
    input: async () => {
      const reportId = await fx.caseLikeA();
      await fx.db.case.create({ data: { id: reportId } });
      return {
        reportId,
        kind: "exploit-public",
        occurredAt: new Date(fx.now.getTime() - 3_600_000),
        source: "authorization test",
      };
    },
    allowed: fx.onCase("case.record-exploitation"),
  },
});
