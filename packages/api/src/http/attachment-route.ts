import { getDb } from "@disclose/db";
import { requestSessionOf } from "../context";
import { AppError, toErrorResponse } from "../errors";
import { getAttachment } from "../use-cases/cases/get-report";

/**
 * `GET /api/attachments/<id>` in the admin app: one attachment's ciphertext (a binary OpenPGP message), decrypted
 * in the reader's browser. Authorised and audited like reading the report; never cached.
 */
export async function getAttachmentResponse(req: Request, attachmentId: string): Promise<Response> {
  const session = await requestSessionOf(req.headers);
  if (!session?.secondFactorPassed) {
    return Response.json({ error: { code: "UNAUTHENTICATED", message: "Please sign in." } }, { status: 401 });
  }
  try {
    const attachment = await getAttachment({ db: getDb(), session, attachmentId, now: new Date() });
    return new Response(attachment.ciphertext as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/pgp-encrypted", "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof AppError) return toErrorResponse(error);
    throw error;
  }
}
