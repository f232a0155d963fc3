import { AppError, getAttachment, toErrorResponse } from "@disclose/api";
import { getDb } from "@disclose/db";
import { currentSession } from "~/auth/session";

// One attachment's ciphertext (a binary OpenPGP message), decrypted in the reader's browser. Authorised and
// audited like reading the report; never cached.
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const session = await currentSession();
  if (!session?.secondFactorPassed) {
    return Response.json({ error: { code: "UNAUTHENTICATED", message: "Please sign in." } }, { status: 401 });
  }
  try {
    const { id } = await params;
    const attachment = await getAttachment({ db: getDb(), session, attachmentId: id, now: new Date() });
    return new Response(attachment.ciphertext as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/pgp-encrypted", "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof AppError) return toErrorResponse(error);
    throw error;
  }
}
