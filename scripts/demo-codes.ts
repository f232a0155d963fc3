/**
 * `pnpm demo:codes`: the current authenticator code of every demo account, for signing in to the admin app
 * of a local `pnpm start` without setting up an authenticator app. Demo accounts only.
 */
import { demoTotpCodes } from "@disclose/api/demo";

const now = new Date();
const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
console.log(`Demo authenticator codes (valid for ${secondsLeft} more seconds, then the next one):\n`);
for (const { email, code } of demoTotpCodes(now)) console.log(`  ${code}  ${email}`);
