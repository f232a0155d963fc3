/** Limits of one uploaded patch file, shared by the browser (to refuse early) and the server (to enforce). */
export const PATCH_LIMITS = {
  /** Plaintext bytes of one `git format-patch` file (one patch or a series). */
  maxBytes: 10 * 1024 * 1024,
  /** Patches in one file (a series in mbox form). */
  maxPatches: 100,
  /** Changed files across every patch of one file. */
  maxFiles: 1_000,
  /**
   * Encryption adds packet headers and one session-key packet per recipient; this much is accepted on top of
   * the plaintext size (as for report attachments).
   */
  ciphertextOverheadBytes: 64 * 1024,
} as const;

export type TPatchLimits = {
  maxBytes: number;
  maxPatches: number;
  maxFiles: number;
};
