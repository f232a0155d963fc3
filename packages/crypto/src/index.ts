export { REPORT_LIMITS } from "./limits";
export {
  armorMessage,
  dearmorMessage,
  joinMessage,
  PacketError,
  parseKeyPackets,
  splitAnyMessage,
  splitMessage,
  type TKeyPacket,
  type TSplitMessage,
} from "./packets";
export {
  ARMORED_STAFF_KEY_MAX_CHARS,
  checkReporterKeyPair,
  checkStaffKeyPair,
  createReporterKey,
  decryptBytesWithLockedKey,
  decryptWithLockedKey,
  encryptBytes,
  encryptedMessageKeyIds,
  encryptionKeyIdsOfKey,
  encryptionKeyIdsOfMessage,
  encryptText,
  fingerprintOf,
  GNUPG22_CONFIG,
  generateLockedKey,
  isArmoredPgpMessage,
  isBinaryPgpMessage,
  isKeySecret,
  keyExpiresAt,
  signDetachedBytes,
  type TLockedKeyPair,
  type TStaffKeyCheck,
  type TStaffKeyField,
  unlocksWith,
} from "./pgp";
export { BASE64URL_32_BYTES, randomBase64Url, toBase64Url } from "./random";
export {
  decryptBytesWithKeys,
  decryptTextWithKeys,
  readPublicKey,
  rewrapGrantTarget,
  rewrapKeyPackets,
  type TGrant,
  type TGrantTarget,
  unlockPrivateKey,
} from "./readers";
export {
  encryptReport,
  encryptReportSummary,
  parseReportSummary,
  summaryOf,
  type TEncryptedReport,
  type TPlainAttachment,
  type TReportSummary,
  ZReportSummary,
} from "./report";
export {
  type TAttachmentMeta,
  type TReportContent,
  ZAttachmentMeta,
  ZCredit,
  ZPublicity,
  ZReportContent,
} from "./report-content";
export { checkMailPublicKey, checkTeamPublicKey, type TTeamKeyCheck } from "./team-key";
export { readUnlockedPrivateKey, unlockTeamSecretKey } from "./team-key-secret";
