import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayViewPeople, mayManagePeople, ZRole } from "./people";

export const ZPerson = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  active: z.boolean(),
  roles: z.array(ZRole),
  /** Out of office until then; null when available (a date already past reads as available). */
  unavailableUntil: z.date().nullable(),
  organizationName: z.string().nullable(),
  /** The account has confirmed an authenticator; whether it has is all anyone learns of it. */
  hasAuthenticator: z.boolean(),
  createdAt: z.date(),
});
export type TPerson = z.infer<typeof ZPerson>;

export const ZPeopleList = z.object({
  people: z.array(ZPerson),
  /** The caller may change accounts (admins); PST members see the list read-only. */
  canManage: z.boolean(),
});
export type TPeopleList = z.infer<typeof ZPeopleList>;

/** Everyone with an account, active first. Selected column by column: no secret leaves this query. */
export async function listPeople({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TPeopleList> {
  assertMayViewPeople(session);
  const users = await db.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      active: true,
      createdAt: true,
      unavailableUntil: true,
      roles: { select: { role: true }, orderBy: { role: "asc" } },
      totp: { select: { confirmedAt: true } },
      distributorMembership: { select: { organization: { select: { name: true } } } },
    },
  });
  return {
    canManage: mayManagePeople(session),
    people: users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      active: user.active,
      roles: user.roles.map((r) => r.role),
      unavailableUntil: user.unavailableUntil && user.unavailableUntil > now ? user.unavailableUntil : null,
      organizationName: user.distributorMembership?.organization.name ?? null,
      hasAuthenticator: Boolean(user.totp?.confirmedAt),
      createdAt: user.createdAt,
    })),
  };
}
