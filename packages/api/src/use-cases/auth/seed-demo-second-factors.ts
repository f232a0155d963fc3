import { createHash } from "node:crypto";
import type { Db } from "@disclose/db";
import { DEMO_USERS } from "@disclose/db/ops";
import { Secret } from "otpauth";
import { encryptTotpSecret, totpCodeAt } from "../../auth/totp";
import { authSecret } from "../../env";

/**
 * Demo accounts only: an authenticator secret derived from the address, so the README can tell a newcomer
 * how to get the code (`pnpm demo:codes`) without scanning anything. Real accounts enrol their own.
 */
export function demoTotpSecret(email: string): string {
  const bytes = createHash("sha256").update(`disclose demo authenticator:${email}`).digest().subarray(0, 20);
  return new Secret({ buffer: Uint8Array.from(bytes).buffer }).base32;
}

/** The current code of every demo account. */
export function demoTotpCodes(now: Date): { email: string; code: string }[] {
  return DEMO_USERS.map((u) => ({ email: u.email, code: totpCodeAt(demoTotpSecret(u.email), now) }));
}

/** Gives every demo account without an authenticator its demo one (confirmed), once. */
export async function seedDemoSecondFactors(db: Db): Promise<{ seeded: number }> {
  const users = await db.user.findMany({
    where: { isDemo: true, totp: null },
    select: { id: true, email: true },
  });
  for (const user of users) {
    await db.totpCredential.create({
      data: {
        userId: user.id,
        secretEncrypted: encryptTotpSecret(demoTotpSecret(user.email), authSecret()),
        confirmedAt: new Date(),
      },
    });
  }
  return { seeded: users.length };
}
