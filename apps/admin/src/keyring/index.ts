// The tab's keyring: unlock once per tab, locked after idle minutes, on "Lock now" and on sign-out.
export {
  KeyringProvider,
  type TKeyring,
  type TKeyringStatus,
  type TLockReason,
  type TUnlockFailure,
  type TUnlockResult,
  UNLOCK_MESSAGES,
  useKeyring,
} from "./keyring-provider";
export { KeyringStatus } from "./keyring-status";
export { UnlockPanel, type UnlockPanelProps } from "./unlock-panel";
