import { sharedNextConfig } from "@disclose/ui/next-config";

export default sharedNextConfig;
