import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  finishPasskeyRegistration,
  ZFinishPasskeyRegistrationInput,
} from "../use-cases/passkeys/finish-passkey-registration";
import { listMyPasskeys, ZMyPasskeys } from "../use-cases/passkeys/list-my-passkeys";
import { removePasskey } from "../use-cases/passkeys/remove-passkey";
import { renamePasskey, ZPasskeyId, ZRenamePasskeyInput } from "../use-cases/passkeys/rename-passkey";
import { setPasskeySignIn } from "../use-cases/passkeys/set-passkey-sign-in";
import { startPasskeyRegistration } from "../use-cases/passkeys/start-passkey-registration";

/** WebAuthn options made by @simplewebauthn/server from the caller's own rows: handed to the browser as they are. */
export const webauthnOptions = <T extends object>() =>
  z.custom<T>(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      typeof (value as { challenge?: unknown }).challenge === "string",
  );

/** The caller's own passkeys: every procedure acts on the session's account only. */
export const passkeysRouter = createTRPCRouter({
  mine: staffProcedure
    .output(ZMyPasskeys)
    .query(({ ctx }) => listMyPasskeys({ db: ctx.db, session: ctx.session })),
  startRegistration: staffProcedure
    .output(webauthnOptions<PublicKeyCredentialCreationOptionsJSON>())
    .mutation(({ ctx }) =>
      startPasskeyRegistration({ db: ctx.db, session: ctx.session, appUrl: ctx.appUrl, now: ctx.now }),
    ),
  finishRegistration: staffProcedure
    .input(ZFinishPasskeyRegistrationInput)
    .output(ZMyPasskeys)
    .mutation(({ ctx, input }) =>
      finishPasskeyRegistration({
        db: ctx.db,
        session: ctx.session,
        appUrl: ctx.appUrl,
        now: ctx.now,
        input,
      }),
    ),
  rename: staffProcedure
    .input(ZRenamePasskeyInput)
    .output(ZMyPasskeys)
    .mutation(({ ctx, input }) => renamePasskey({ db: ctx.db, session: ctx.session, now: ctx.now, input })),
  remove: staffProcedure
    .input(z.object({ passkeyId: ZPasskeyId }))
    .output(ZMyPasskeys)
    .mutation(({ ctx, input }) =>
      removePasskey({ db: ctx.db, session: ctx.session, now: ctx.now, passkeyId: input.passkeyId }),
    ),
  setSignIn: staffProcedure
    .input(z.object({ enabled: z.boolean() }))
    .output(ZMyPasskeys)
    .mutation(({ ctx, input }) =>
      setPasskeySignIn({ db: ctx.db, session: ctx.session, now: ctx.now, enabled: input.enabled }),
    ),
});
