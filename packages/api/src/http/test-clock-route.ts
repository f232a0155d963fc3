import { type Db, getDb } from "@disclose/db";
import { z } from "zod";
import { advanceTestClock, caseClockNow, testClockEnabled, testClockOffsetMs } from "../case-clock";
import { appUrlOf } from "../context";
import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { isSameOrigin } from "../origin";
import { sendDueReminders, type TRemindersRun } from "../use-cases/alerts/send-due-reminders";

/** The body is one small JSON object. */
const MAX_BODY_BYTES = 1024;

const ZAdvance = z.object({
  advanceMs: z
    .number({ error: "advanceMs is a number of milliseconds." })
    .int("advanceMs is a whole number of milliseconds.")
    .positive("Move the clock forward: advanceMs is positive."),
});

export interface TTestClockState {
  offsetMs: number;
  /** The case clock now (ISO, UTC). */
  caseNow: string;
}

interface TOptions {
  db?: Db;
  /** The wall clock (tests pass one). */
  now?: Date;
  /** The admin app's URL, whose origin a POST must come from (ADMIN_URL unless given). */
  appUrl?: string;
}

const notFound = () =>
  toErrorResponse(new AppError(AppErrorCode.NOT_FOUND, "There is no test clock outside test mode."));

async function state(db: Db, now: Date): Promise<TTestClockState> {
  return {
    offsetMs: await testClockOffsetMs(db),
    caseNow: (await caseClockNow(db, now)).toISOString(),
  };
}

/**
 * `/api/test-clock` in the admin app, for the end-to-end tests only: 404 unless DISCLOSE_TEST_CLOCK=1 outside
 * production (testClockEnabled; production refuses to start with it, productionEnvProblems). GET answers how far
 * the case clock is ahead; POST {advanceMs} moves it forward from the app's own origin and then runs the
 * reminders at once at the new case clock (what the worker's next run would send), answering the new offset and
 * case time. It moves only the case clock (timelines, deadlines, reminders, the worker's schedule): sign-in
 * links, TOTP and sessions read the wall clock and are not touched. No session is needed: the e2e harness drives
 * it, and in any other mode it does not exist.
 */
export async function testClockResponse(req: Request, options: TOptions = {}): Promise<Response> {
  if (!testClockEnabled()) return notFound();
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const headers = { "cache-control": "no-store" };
  try {
    if (req.method === "GET" || req.method === "HEAD") {
      return Response.json(await state(db, now), { headers });
    }
    if (req.method !== "POST") {
      return Response.json(
        { error: { code: "METHOD_NOT_ALLOWED", message: "Use GET or POST." } },
        { status: 405, headers: { allow: "GET, POST" } },
      );
    }
    const adminUrl = options.appUrl ?? appUrlOf("admin");
    if (!isSameOrigin(req.headers.get("origin"), adminUrl)) {
      throw new AppError(AppErrorCode.CROSS_SITE_REQUEST, "This request must come from the admin app.");
    }
    const text = await req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The request is too large.");
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError(AppErrorCode.BAD_INPUT, 'Send JSON such as {"advanceMs": 3600000}.');
    }
    const parsed = ZAdvance.safeParse(body);
    if (!parsed.success) {
      throw new AppError(AppErrorCode.BAD_INPUT, parsed.error.issues[0]?.message ?? "Invalid input.", {
        field: "advanceMs",
      });
    }
    await advanceTestClock(db, parsed.data.advanceMs);
    const after = await state(db, now);
    const reminders: TRemindersRun = await sendDueReminders({
      db,
      now: new Date(after.caseNow),
      adminUrl,
    });
    return Response.json({ ...after, reminders }, { headers });
  } catch (error) {
    if (error instanceof AppError) return toErrorResponse(error);
    throw error;
  }
}
