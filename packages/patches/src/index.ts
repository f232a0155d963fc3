export { decryptPatch, encryptPatch, type TEncryptedPatch } from "./encrypt";
export { PATCH_LIMITS, type TPatchLimits } from "./limits";
export { parseFormatPatch } from "./parse";
export type {
  TParseResult,
  TPatch,
  TPatchError,
  TPatchErrorCode,
  TPatchFile,
  TPatchFileStatus,
  TPatchHunk,
  TPatchLine,
} from "./types";
