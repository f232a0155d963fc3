import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { readPatch } from "../use-cases/patches/read-patch";
import { staffDownloadContext, type TStaffDownloadOptions } from "./staff-download";

const NO_STORE = { "cache-control": "no-store" };

const notFound = () =>
  toErrorResponse(new AppError(AppErrorCode.NOT_FOUND, "There is no such patch, or it is not yours to see."));

/**
 * `GET /api/patches/<versionId>?case=<reportId>` in the admin app: one patch version as a binary OpenPGP message
 * holding only the caller's own session-key packets, to decrypt with gpg (`Content-Disposition: attachment`).
 * Only for a staff session past the second factor that may read the case's patches; anything else the caller
 * may not have (no such version, another case's, not granted to their key) is the same 404. Audited like every
 * read of a patch; never cached. A request another site started (a link or form elsewhere) is refused, so no
 * other site can make a signed-in browser record reads.
 */
export function createPatchDownloadHandler(options: TStaffDownloadOptions = {}) {
  return async function handler(req: Request, versionId: string): Promise<Response> {
    const ctx = await staffDownloadContext(req, options);
    if (ctx instanceof Response) return ctx;
    const reportId = new URL(req.url).searchParams.get("case") ?? undefined;
    if (versionId.length > 64 || (reportId !== undefined && reportId.length > 64)) return notFound();
    try {
      const read = await readPatch({
        db: ctx.db,
        session: ctx.session,
        input: { versionId, ...(reportId ? { reportId } : {}) },
        via: "download",
        now: ctx.caseNow,
      });
      return new Response(read.ciphertext as Uint8Array<ArrayBuffer>, {
        headers: {
          ...NO_STORE,
          "content-type": "application/pgp-encrypted",
          // The name is made of a CVE ID or case reference, a version and safe characters only.
          "content-disposition": `attachment; filename="${read.fileName}.gpg"`,
          "x-content-type-options": "nosniff",
        },
      });
    } catch (error) {
      if (error instanceof AppError) {
        return error.code === AppErrorCode.NOT_FOUND || error.code === AppErrorCode.FORBIDDEN
          ? notFound()
          : toErrorResponse(error);
      }
      throw error;
    }
  };
}

/** The admin app's handler, on the process's database and ADMIN_URL. */
export const getPatchDownloadResponse = createPatchDownloadHandler();
