import { createCsafProviderHandler } from "@disclose/api";

// The CSAF 2.0 trusted-provider layout (provider-metadata.json, white/…, openpgp/…), generated from the stored
// documents and cached in the API until an advisory or the signing key changes.
export const dynamic = "force-dynamic";

export const GET = createCsafProviderHandler();
