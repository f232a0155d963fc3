import { getPatchDownloadResponse } from "@disclose/api";

// One patch version as a binary OpenPGP message with the caller's own session-key packets, for gpg
// ("Download encrypted"). Authorised and audited like every read of a patch; never cached.
export async function GET(
  req: Request,
  { params }: { params: Promise<{ versionId: string }> },
): Promise<Response> {
  return getPatchDownloadResponse(req, (await params).versionId);
}
