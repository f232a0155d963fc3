import { randomBytes } from "node:crypto";
import type { Db, DbTx } from "@disclose/db";
import type {
  AuthenticationExtensionsClientOutputs,
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { AppError, AppErrorCode } from "../errors";

/** A challenge is answered within this time (a person touching a key or confirming with a fingerprint). */
export const CHALLENGE_MINUTES = 5;
/** More than anyone needs (a phone, a laptop, two keys…), few enough to keep every list and check small. */
export const MAX_PASSKEYS_PER_ACCOUNT = 10;

export type TChallengePurpose = "register" | "second-factor" | "sign-in";

/**
 * The relying party: the admin app's host name and origin. Passkeys are bound to the host name, so moving the
 * admin app to another host means enrolling them again (the authenticator app and recovery codes still work).
 */
export function relyingParty(appUrl: string): { rpID: string; rpName: string; origin: string } {
  const url = new URL(appUrl);
  return { rpID: url.hostname, rpName: "Disclose", origin: url.origin };
}

// base64url as browsers encode WebAuthn's binary fields, bounded: a credential ID is at most 1,023 bytes.
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "This is not what a passkey sends.");
const ZTransport = z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);
// Extension outputs (credProps and the like): a small object, passed to the library as it came.
const ZExtensionResults = z.custom<AuthenticationExtensionsClientOutputs>(
  (value) =>
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length <= 16,
  "This is not what a passkey sends.",
);
const ZCommon = {
  id: b64url(1366),
  rawId: b64url(1366),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: ZExtensionResults,
};

/** What `navigator.credentials.create` gave the browser, as @simplewebauthn/browser sends it. */
export const ZRegistrationResponse = z.object({
  ...ZCommon,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(32_768),
    authenticatorData: b64url(16_384).optional(),
    transports: z.array(ZTransport).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
}) satisfies z.ZodType<RegistrationResponseJSON>;

/** What `navigator.credentials.get` gave the browser, as @simplewebauthn/browser sends it. */
export const ZAuthenticationResponse = z.object({
  ...ZCommon,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(16_384),
    signature: b64url(2048),
    userHandle: b64url(128).optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON>;

/**
 * Makes a challenge for one purpose (and one session, except for signing in), good once for a few minutes. Its
 * bytes go into the options (the library base64url-encodes them; the browser signs that text, which is stored).
 */
export async function issueChallenge(
  db: Db | DbTx,
  { purpose, sessionId, now }: { purpose: TChallengePurpose; sessionId: string | null; now: Date },
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(randomBytes(32));
  const challenge = Buffer.from(bytes).toString("base64url");
  // Unanswered challenges are swept here, a few rows at a time, rather than by a job.
  await db.$executeRaw`DELETE FROM webauthn_challenges WHERE challenge IN (
    SELECT challenge FROM webauthn_challenges WHERE expires_at < ${now} LIMIT 50)`;
  await db.webauthnChallenge.create({
    data: { challenge, purpose, sessionId, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) },
  });
  return bytes;
}

/** The challenge the browser answered, read from the clientDataJSON it signed (null when that is not JSON). */
function answeredChallenge(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as unknown;
    const challenge = (data as { challenge?: unknown })?.challenge;
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Takes (deletes) the challenge a browser answered, if it was issued for this purpose and session and is still
 * good: each works once, so a captured answer cannot be replayed. Throws a refusal the person can act on.
 */
export async function takeChallenge(
  db: Db | DbTx,
  {
    clientDataJSON,
    purpose,
    sessionId,
    now,
  }: { clientDataJSON: string; purpose: TChallengePurpose; sessionId: string | null; now: Date },
): Promise<string> {
  const challenge = answeredChallenge(clientDataJSON);
  const taken = challenge
    ? await db.$queryRaw<{ challenge: string }[]>`
        DELETE FROM webauthn_challenges
         WHERE challenge = ${challenge} AND purpose = ${purpose} AND expires_at > ${now}
           AND session_id IS NOT DISTINCT FROM ${sessionId}
        RETURNING challenge`
    : [];
  if (!taken[0]) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "This passkey request has expired or was already used. Try again.",
    );
  }
  return taken[0].challenge;
}
