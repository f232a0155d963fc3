import { createReportSubmissionHandler } from "@disclose/api";

// Node runtime: the handler reads up to 28 MB of multipart body with its own cap (no proxy.ts body limit applies).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = createReportSubmissionHandler();
