import { createAdvisoryDocumentHandler } from "@disclose/api";

// The current revision's CSAF, OSV and CVE JSON documents and their signatures, read per request (cheap).
export const dynamic = "force-dynamic";

export const GET = createAdvisoryDocumentHandler();
