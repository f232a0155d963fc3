import { apiEnv, createSecurityTxtHandler } from "@disclose/api";

// Generated per request so that Expires always lies ahead.
export const dynamic = "force-dynamic";

export const GET = createSecurityTxtHandler({
  portalUrl: apiEnv().PORTAL_URL,
  ...(apiEnv().SECURITY_CONTACT ? { contact: apiEnv().SECURITY_CONTACT } : {}),
});
