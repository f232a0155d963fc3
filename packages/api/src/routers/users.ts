import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";
import { revokeUserSessions } from "../use-cases/sessions/revoke-user-sessions";
import { changeRoles, ZChangedRoles, ZChangeRolesInput } from "../use-cases/users/change-roles";
import { createOrganization, ZCreateOrganizationInput } from "../use-cases/users/create-organization";
import { deactivateUser, ZDeactivatedUser, ZDeactivateUserInput } from "../use-cases/users/deactivate-user";
import { getAvailability } from "../use-cases/users/get-availability";
import { inviteUser, ZInvitedUser, ZInviteUserInput } from "../use-cases/users/invite-user";
import { listOrganizations, ZOrganization } from "../use-cases/users/list-organizations";
import { listPeople, ZPeopleList } from "../use-cases/users/list-people";
import { ZUserId } from "../use-cases/users/people";
import { reactivateUser, ZReactivatedUser, ZReactivateUserInput } from "../use-cases/users/reactivate-user";
import { setAvailability, ZAvailability, ZSetAvailabilityInput } from "../use-cases/users/set-availability";

// Admin actions use adminProcedure; the use-cases ask the domain again ("users.manage"), so they stay safe
// whoever calls them. Reads open to the PST use staffProcedure and let the use-case decide.

/** Distributor organisations on the private list. */
const organizationsRouter = createTRPCRouter({
  list: staffProcedure.output(z.object({ organizations: z.array(ZOrganization) })).query(async ({ ctx }) => ({
    organizations: await listOrganizations({ db: ctx.db, session: ctx.session }),
  })),
  create: adminProcedure
    .input(ZCreateOrganizationInput)
    .output(ZOrganization)
    .mutation(({ ctx, input }) =>
      createOrganization({ db: ctx.db, admin: ctx.session, input, now: ctx.now }),
    ),
});

/** Managing people: admins change accounts, the PST sees them, every member sets their own availability. */
export const usersRouter = createTRPCRouter({
  list: staffProcedure
    .output(ZPeopleList)
    .query(({ ctx }) => listPeople({ db: ctx.db, session: ctx.session, now: ctx.now })),
  invite: adminProcedure
    .input(ZInviteUserInput)
    .output(ZInvitedUser)
    .mutation(({ ctx, input }) =>
      inviteUser({ db: ctx.db, admin: ctx.session, input, adminUrl: ctx.appUrl, now: ctx.now }),
    ),
  changeRoles: adminProcedure
    .input(ZChangeRolesInput)
    .output(ZChangedRoles)
    .mutation(({ ctx, input }) => changeRoles({ db: ctx.db, admin: ctx.session, input, now: ctx.now })),
  deactivate: adminProcedure
    .input(ZDeactivateUserInput)
    .output(ZDeactivatedUser)
    .mutation(({ ctx, input }) =>
      deactivateUser({ db: ctx.db, admin: ctx.session, userId: input.userId, now: ctx.now }),
    ),
  reactivate: adminProcedure
    .input(ZReactivateUserInput)
    .output(ZReactivatedUser)
    .mutation(({ ctx, input }) =>
      reactivateUser({ db: ctx.db, admin: ctx.session, userId: input.userId, now: ctx.now }),
    ),
  revokeSessions: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) =>
      revokeUserSessions({ db: ctx.db, admin: ctx.session, userId: input.userId, now: ctx.now }),
    ),
  availability: staffProcedure
    .output(ZAvailability)
    .query(({ ctx }) => getAvailability({ db: ctx.db, session: ctx.session, now: ctx.now })),
  setAvailability: staffProcedure
    .input(ZSetAvailabilityInput)
    .output(ZAvailability)
    .mutation(({ ctx, input }) =>
      setAvailability({
        db: ctx.db,
        session: ctx.session,
        unavailableUntil: input.unavailableUntil,
        now: ctx.now,
      }),
    ),
  organizations: organizationsRouter,
});
