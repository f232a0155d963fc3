import type { Db } from "@disclose/db";
import { can } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "../cases/case-access";
import { LEAK_SELECT, leakOut, ZLeakOut } from "./leak-records";

export const ZCaseLeaks = z.object({
  leaks: z.array(ZLeakOut),
  /** The organisations notified of the case (a leak may name one), with their standing on the list. */
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      members: z.array(z.object({ userId: z.string(), name: z.string(), status: z.string() })),
    }),
  ),
  mayReport: z.boolean(),
  /** The PST assesses, decides, removes people and traces copies. */
  mayAssess: z.boolean(),
  mayDecide: z.boolean(),
});
export type TCaseLeaks = z.infer<typeof ZCaseLeaks>;

/** A case's leak reports and notified organisations, for its team (PST, Fix Lead, Fix Team): never for distributors, who see no other organisation's. */
export async function listCaseLeaks({
  db,
  session,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
}): Promise<TCaseLeaks> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeCase(tx, session, reportId, "fix.read");
    const rows = await tx.distributorLeak.findMany({
      where: { caseId: facts.id },
      select: {
        ...LEAK_SELECT,
        organization: { select: { name: true } },
        reportedBy: { select: { name: true, email: true } },
      },
      orderBy: [{ reportedAt: "asc" }, { id: "asc" }],
    });
    const mayAssess = can(actor, "leak.assess", { kind: "case", case: facts });
    const notifications = await tx.distributorNotification.findMany({
      where: { caseId: facts.id, notifiedAt: { not: null } },
      select: {
        organization: {
          select: {
            id: true,
            name: true,
            status: true,
            members: {
              select: { userId: true, status: true, user: { select: { name: true, email: true } } },
              orderBy: { userId: "asc" },
            },
          },
        },
      },
      orderBy: { organization: { name: "asc" } },
    });
    return {
      leaks: rows.map(leakOut),
      organizations: notifications.map(({ organization: o }) => ({
        id: o.id,
        name: o.name,
        status: o.status,
        // People only for the PST, who may remove one.
        members: (mayAssess ? o.members : []).map((m) => ({
          userId: m.userId,
          name: m.user.name ?? m.user.email,
          status: m.status,
        })),
      })),
      mayReport: facts.state === "distributors-notified",
      mayAssess,
      mayDecide: can(actor, "leak.decide", { kind: "case", case: facts }),
    };
  });
}
