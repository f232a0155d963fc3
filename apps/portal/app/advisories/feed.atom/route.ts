import { createAdvisoryFeedHandler } from "@disclose/api";

// Cached in the API per newest modification: a request costs one small query.
export const dynamic = "force-dynamic";

export const GET = createAdvisoryFeedHandler({ format: "atom" });
