import { testClockResponse } from "@disclose/api";

// Test mode only (DISCLOSE_TEST_CLOCK=1, never in production): GET the case clock's offset, POST {advanceMs} to
// move it forward and run the reminders at once. A 404 otherwise. Sign-in links, TOTP and sessions never see it.
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return testClockResponse(req);
}

export async function POST(req: Request): Promise<Response> {
  return testClockResponse(req);
}
