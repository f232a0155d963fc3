import { sharedNextConfig } from "@disclose/ui/next-config";
import type { NextConfig } from "next";

// Without JavaScript the report form posts to a server action, attachments included (up to 25 MB of files).
const config: NextConfig = {
  ...sharedNextConfig,
  experimental: {
    ...sharedNextConfig.experimental,
    serverActions: { bodySizeLimit: "28mb" },
  },
};

export default config;
