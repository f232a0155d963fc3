/** Size limits of a report, shared by the form (to show them), the browser and the server (to enforce them). */
export const REPORT_LIMITS = {
  titleMaxChars: 200,
  componentMaxChars: 200,
  affectedVersionsMaxChars: 500,
  /** Description, steps to reproduce, impact. */
  textMaxChars: 50_000,
  publicUrlMaxChars: 2_000,
  creditNameMaxChars: 200,
  attachmentNameMaxChars: 255,
  attachmentTypeMaxChars: 255,
  attachmentsMaxCount: 10,
  /** Plaintext bytes of all attachments together ("25 MB"). */
  attachmentsMaxTotalBytes: 25 * 1024 * 1024,
  /**
   * Encryption adds packet headers and one session-key packet per recipient to each attachment; this much per
   * file is accepted on top of its plaintext size.
   */
  attachmentOverheadBytes: 64 * 1024,
  /** The armored report message (all text fields, as JSON, encrypted and armored). */
  reportCiphertextMaxBytes: 2 * 1024 * 1024,
  /** The armored summary of a report (title and component), what lists decrypt. */
  summaryCiphertextMaxBytes: 16 * 1024,
  /** An armored public or locked private key sent with a report. */
  armoredKeyMaxBytes: 16 * 1024,
  /** A message in the tracking thread (armored). */
  messageMaxChars: 20_000,
  messageCiphertextMaxBytes: 256 * 1024,
  emailMaxChars: 254,
  /** The whole HTTP request of a submission (multipart, everything above plus form overhead). */
  requestMaxBytes: 28 * 1024 * 1024,
} as const;
