import "server-only";
import { currentSession } from "~/auth/session";
import { serverCaller } from "~/trpc/server";
import { DEFAULT_IDLE_MINUTES } from "./idle";

/**
 * What the layout's KeyringProvider needs: the account and the idle minutes (an admin setting). Null before the
 * second factor, where there is no keyring at all.
 */
export async function keyringSettings(): Promise<{ accountId: string; idleMinutes: number } | null> {
  const session = await currentSession();
  if (!session?.secondFactorPassed) return null;
  try {
    const settings = await (await serverCaller()).cases.settings();
    return { accountId: session.userId, idleMinutes: settings.unlockIdleMinutes };
  } catch {
    // The settings could not be read (the session ended meanwhile, or the database is busy): the safe default.
    return { accountId: session.userId, idleMinutes: DEFAULT_IDLE_MINUTES };
  }
}
