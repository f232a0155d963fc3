import { PAGE_POST_MAX_BYTES, sharedNextConfig } from "@disclose/ui/next-config";
import type { NextConfig } from "next";

// Without JavaScript the report form posts to a server action, attachments included (up to 25 MB of files).
// Next's own limit is set above ours so that a report a little too large reaches the action, which answers with
// the form, what was typed and a clear message (Next would answer a 500). proxy.ts refuses a larger one first,
// and the proxy's copy of the body is as large, so it never cuts a body short.
const config: NextConfig = {
  ...sharedNextConfig,
  experimental: {
    ...sharedNextConfig.experimental,
    serverActions: { bodySizeLimit: PAGE_POST_MAX_BYTES },
    proxyClientMaxBodySize: PAGE_POST_MAX_BYTES,
  },
};

export default config;
