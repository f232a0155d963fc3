import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { listMyKeys, ZMyKey, ZMyKeys, ZMyKeysWithPrivate } from "../use-cases/keys/list-my-keys";
import { listTeamKeys, ZTeamKey } from "../use-cases/keys/list-team-keys";
import { registerMyKey, ZRegisteredKey, ZRegisterMyKeyInput } from "../use-cases/keys/register-my-key";
import { retireMyKey } from "../use-cases/keys/retire-my-key";

/**
 * Staff OpenPGP keys. Private keys arrive locked (made or imported in the browser) and leave locked, to their
 * owner only: the server never sees a passphrase or an unlocked key.
 */
export const keysRouter = createTRPCRouter({
  /** The caller's keys without private material: what the page shows. */
  mine: staffProcedure
    .output(ZMyKeys)
    .query(({ ctx }) => listMyKeys({ db: ctx.db, session: ctx.session, now: ctx.now })),
  /**
   * The caller's keys with their locked private keys, to unlock in the browser. A mutation although it reads:
   * it writes audit events, so it must pass the Origin check and never be triggered by a cross-site GET.
   */
  readLockedPrivateKeys: staffProcedure
    .output(ZMyKeysWithPrivate)
    .mutation(({ ctx }) =>
      listMyKeys({ db: ctx.db, session: ctx.session, now: ctx.now, withLockedPrivateKeys: true }),
    ),
  /** A new key pair; any current key is retired (rotation). */
  register: staffProcedure
    // Two armored keys of up to 64 KiB each, as JSON.
    .meta({ maxBodyBytes: 160 * 1024 })
    .input(ZRegisterMyKeyInput)
    .output(ZRegisteredKey)
    .mutation(({ ctx, input }) =>
      registerMyKey({ db: ctx.db, session: ctx.session, now: ctx.now, ...input }),
    ),
  retire: staffProcedure
    .input(z.object({ keyId: z.uuid("There is no such key.") }))
    .output(ZMyKey)
    .mutation(({ ctx, input }) =>
      retireMyKey({ db: ctx.db, session: ctx.session, keyId: input.keyId, now: ctx.now }),
    ),
  /** The keys new reports are encrypted to, with their owners' names. */
  team: staffProcedure
    .output(z.array(ZTeamKey))
    .query(({ ctx }) => listTeamKeys({ db: ctx.db, session: ctx.session, now: ctx.now })),
});
