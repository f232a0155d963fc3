import { getAttachmentResponse } from "@disclose/api";

// One attachment's ciphertext (a binary OpenPGP message), decrypted in the reader's browser. Authorised and
// audited like reading the report; never cached.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return getAttachmentResponse(req, (await params).id);
}
