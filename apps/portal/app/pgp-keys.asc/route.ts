import { createPgpKeysHandler } from "@disclose/api";

// The current PST keys change when members join or leave: read them per request.
export const dynamic = "force-dynamic";

export const GET = createPgpKeysHandler();
