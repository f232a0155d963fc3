"use client";

import type { PrivateKey } from "openpgp";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { idleCheckIntervalMs, idleMinutesOf, isIdleExpired, onActivity, type TActivityState } from "./idle";
import {
  browserKeyringEnv,
  collectGarbage,
  destroyAllUnlocked,
  destroyUnlocked,
  type KeyringEnv,
  persistUnlocked,
  readSessionEntry,
  restoreUnlocked,
  touchVault,
  writeActivity,
} from "./keyring-store";
import type { TLockedKey } from "./openpgp-keys";

// OpenPGP.js is large: loaded when this tab unlocks, or restores keys it unlocked before, never otherwise.
const loadKeyCrypto = () => import("./openpgp-keys");

export type TKeyringStatus = "restoring" | "locked" | "unlocked";
/** Why the key is locked, for the status line: null when it simply was never unlocked in this tab. */
export type TLockReason = "manual" | "idle" | "other-tab";
export type TUnlockFailure = "empty" | "no-key" | "wrong-passphrase" | "failed";
export type TUnlockResult = { ok: true } | { ok: false; reason: string; code: TUnlockFailure };

export interface TKeyring {
  status: TKeyringStatus;
  /** Unlocked OpenPGP.js PrivateKey objects (current first), empty when locked. */
  keys: PrivateKey[];
  /** Fingerprints (upper-case hex) of the unlocked keys. */
  fingerprints: string[];
  unlock(passphrase: string): Promise<TUnlockResult>;
  /** Locks this tab; with allTabs (signing out), every tab of this browser. */
  lock(options?: { allTabs?: boolean }): Promise<void>;
  /** Minutes without input after which the key locks by itself. */
  idleMinutes: number;
  lockedBecause: TLockReason | null;
  /** False when the browser would not store the keyring (no IndexedDB): a reload then asks again. */
  remembered: boolean;
}

export const UNLOCK_MESSAGES = {
  empty: "Enter your key's passphrase.",
  noKey: "You have no OpenPGP key yet — create one on the Keys page.",
  wrongPassphrase: "That passphrase does not unlock your key.",
} as const;

const CHANNEL = "disclose-keyring";
type TChannelMessage = { type: "lock-all" } | { type: "lock-tab"; tabId: string };
/** Locked private keys fetched for a failed attempt are reused for a retry this soon (each fetch is audited). */
const LOCKED_KEYS_REUSE_MS = 2 * 60_000;

interface TState {
  status: TKeyringStatus;
  keys: PrivateKey[];
  fingerprints: string[];
  lockedBecause: TLockReason | null;
  remembered: boolean;
}

const LOCKED: TState = {
  status: "locked",
  keys: [],
  fingerprints: [],
  lockedBecause: null,
  remembered: false,
};

/** Overwrites the keys' secret parameters, so a reference kept anywhere stops working once the key is locked. */
function wipe(keys: readonly PrivateKey[]) {
  for (const key of keys) {
    try {
      (key as unknown as { clearPrivateParams?: () => void }).clearPrivateParams?.();
    } catch {
      // Already cleared.
    }
  }
}

const KeyringContext = createContext<TKeyring | null>(null);

/**
 * Holds the signed-in member's unlocked keys for this tab: asked once per tab, kept across reloads as
 * ciphertext under a non-extractable key (see keyring-store.ts), locked after `idleMinutes` without input, on
 * "Lock now" and on sign-out. Mount it only for a session that passed the second factor.
 */
export function KeyringProvider(props: {
  children: ReactNode;
  idleMinutes: number;
  /** The signed-in account: a tab's stored keys restore only for the account that unlocked them. */
  accountId?: string;
}) {
  const idleMinutes = idleMinutesOf(props.idleMinutes);
  const idleMs = idleMinutes * 60_000;
  const accountId = props.accountId ?? "";

  const [state, setState] = useState<TState>({ ...LOCKED, status: "restoring" });
  const keysRef = useRef<PrivateKey[]>([]);
  const statusRef = useRef<TKeyringStatus>("restoring");
  // Every lock, unlock and restore starts a new epoch; an async step that finds a newer one drops its result.
  const epochRef = useRef(0);
  const activityRef = useRef<TActivityState>({ lastActivity: 0, lastWritten: 0, lastTouched: 0 });
  const lockedKeysRef = useRef<{
    at: number;
    value: { current: TLockedKey | null; retired: TLockedKey[] };
  } | null>(null);
  const unlockingRef = useRef(false);
  const channelRef = useRef<BroadcastChannel | null>(null);
  const envRef = useRef<KeyringEnv | null | undefined>(undefined);
  const settingsRef = useRef({ idleMs, accountId });
  settingsRef.current = { idleMs, accountId };

  const env = useCallback((): KeyringEnv | null => {
    if (envRef.current === undefined) envRef.current = browserKeyringEnv();
    return envRef.current;
  }, []);

  const apply = useCallback((next: TState) => {
    keysRef.current = next.keys;
    statusRef.current = next.status;
    setState(next);
  }, []);

  const lockNow = useCallback(
    async (reason: TLockReason, options: { allTabs?: boolean; broadcast?: boolean } = {}) => {
      epochRef.current++;
      lockedKeysRef.current = null;
      const held = keysRef.current;
      apply({ ...LOCKED, lockedBecause: reason });
      wipe(held);
      const e = env();
      const tabId = e ? readSessionEntry(e.storage)?.tabId : undefined;
      if (e) await (options.allTabs ? destroyAllUnlocked(e) : destroyUnlocked(e));
      if (options.broadcast === false) return;
      const message: TChannelMessage | null = options.allTabs
        ? { type: "lock-all" }
        : tabId
          ? { type: "lock-tab", tabId }
          : null;
      if (message) channelRef.current?.postMessage(message);
    },
    [apply, env],
  );

  // On load: rebuild the keys this tab unlocked before, unless idle too long; then clear other tabs' leftovers.
  // Once per provider (React's development double effects would otherwise restore twice, and the second run
  // would find the first one's idle lock as nothing at all).
  const restoreStartedRef = useRef(false);
  useEffect(() => {
    if (restoreStartedRef.current) return;
    restoreStartedRef.current = true;
    const epoch = ++epochRef.current;
    const e = env();
    if (!e) {
      apply(LOCKED);
      return;
    }
    const { idleMs, accountId } = settingsRef.current;
    void (async () => {
      const result = await restoreUnlocked(e, { accountId, idleMs }).catch(() => ({
        status: "broken" as const,
      }));
      if (result.status === "unlocked") {
        try {
          const { readUnlockedKeys, fingerprintOfKey } = await loadKeyCrypto();
          const keys = await readUnlockedKeys(result.armoredKeys);
          if (epoch !== epochRef.current) return wipe(keys);
          // A reload is not activity: the idle clock keeps running from the last input.
          activityRef.current = {
            lastActivity: result.lastActivity,
            lastWritten: result.lastActivity,
            lastTouched: 0,
          };
          apply({
            status: "unlocked",
            keys,
            fingerprints: keys.map(fingerprintOfKey),
            lockedBecause: null,
            remembered: true,
          });
        } catch {
          // Only if nothing happened meanwhile: a new unlock may have stored a new entry by now.
          if (epoch === epochRef.current) {
            await destroyUnlocked(e);
            apply(LOCKED);
          }
        }
      } else if (epoch === epochRef.current) {
        apply({ ...LOCKED, lockedBecause: result.status === "idle" ? "idle" : null });
      }
      await collectGarbage(e, { idleMs }).catch(() => 0);
    })();
  }, [apply, env]);

  // Leaving the app (the provider unmounts, e.g. after signing out) drops the keys from memory.
  useEffect(
    () => () => {
      wipe(keysRef.current);
      keysRef.current = [];
    },
    [],
  );

  // Other tabs of this browser: signing out anywhere locks every tab; locking a tab locks its duplicates.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channelRef.current = channel;
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const message = event.data as Partial<TChannelMessage> | null;
      if (statusRef.current === "locked" || !message) return;
      const e = env();
      const ownTabId = e ? readSessionEntry(e.storage)?.tabId : undefined;
      if (message.type === "lock-all" || (message.type === "lock-tab" && message.tabId === ownTabId)) {
        void lockNow("other-tab", { broadcast: false });
      }
    };
    return () => {
      channel.close();
      channelRef.current = null;
    };
  }, [env, lockNow]);

  // While unlocked: input is activity (throttled writes); a timer, focus and visibility check the idle time.
  useEffect(() => {
    if (state.status !== "unlocked") return;
    const e = env();
    const remembered = state.remembered;
    const onInput = () => {
      const decision = onActivity(activityRef.current, Date.now(), idleMs);
      if (decision.kind === "lock") return void lockNow("idle");
      activityRef.current = decision.state;
      if (!e || !remembered) return;
      if (decision.write) writeActivity(e, decision.state.lastActivity);
      if (decision.touch) void touchVault(e, decision.state.lastActivity);
    };
    const check = () => {
      if (isIdleExpired(activityRef.current.lastActivity, Date.now(), idleMs)) void lockNow("idle");
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") check();
    };
    // The last few seconds of input were not written yet (throttled): a reload should see them.
    const onPageHide = () => {
      if (e && remembered) writeActivity(e, activityRef.current.lastActivity);
    };
    const capture = { capture: true, passive: true } as const;
    window.addEventListener("keydown", onInput, capture);
    window.addEventListener("pointerdown", onInput, capture);
    window.addEventListener("wheel", onInput, capture);
    window.addEventListener("focus", check);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    const timer = setInterval(check, idleCheckIntervalMs(idleMs));
    check();
    return () => {
      window.removeEventListener("keydown", onInput, capture);
      window.removeEventListener("pointerdown", onInput, capture);
      window.removeEventListener("wheel", onInput, capture);
      window.removeEventListener("focus", check);
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
      clearInterval(timer);
    };
  }, [state.status, state.remembered, idleMs, env, lockNow]);

  const unlock = useCallback(
    async (passphrase: string): Promise<TUnlockResult> => {
      if (!passphrase) return { ok: false, code: "empty", reason: UNLOCK_MESSAGES.empty };
      if (unlockingRef.current) {
        return { ok: false, code: "failed", reason: "Unlocking is already in progress." };
      }
      unlockingRef.current = true;
      const epoch = ++epochRef.current;
      try {
        const cached = lockedKeysRef.current;
        let locked = cached && Date.now() - cached.at < LOCKED_KEYS_REUSE_MS ? cached.value : null;
        if (!locked) {
          // Audited on the server: fetched only here, never to restore a tab.
          locked = await adminClient().keys.readLockedPrivateKeys.mutate();
          lockedKeysRef.current = { at: Date.now(), value: locked };
        }
        const { current, retired } = locked;
        if (!current) return { ok: false, code: "no-key", reason: UNLOCK_MESSAGES.noKey };
        const crypto = await loadKeyCrypto();
        const result = await crypto.unlockAccountKeys({ current, retired }, passphrase);
        if (!result.ok) {
          return { ok: false, code: "wrong-passphrase", reason: UNLOCK_MESSAGES.wrongPassphrase };
        }
        lockedKeysRef.current = null;
        if (epoch !== epochRef.current) {
          wipe(result.keys);
          return { ok: false, code: "failed", reason: "The key was locked while unlocking. Try again." };
        }
        const e = env();
        let remembered = false;
        if (e) {
          try {
            await persistUnlocked(e, {
              accountId: settingsRef.current.accountId,
              armoredKeys: crypto.armorUnlockedKeys(result.keys),
            });
            remembered = true;
          } catch {
            // No IndexedDB or storage refused: unlocked for this page only.
          }
        }
        if (epoch !== epochRef.current) {
          wipe(result.keys);
          if (e) await destroyUnlocked(e);
          return { ok: false, code: "failed", reason: "The key was locked while unlocking. Try again." };
        }
        const now = Date.now();
        activityRef.current = { lastActivity: now, lastWritten: now, lastTouched: now };
        wipe(keysRef.current);
        apply({
          status: "unlocked",
          keys: result.keys,
          fingerprints: result.keys.map(crypto.fingerprintOfKey),
          lockedBecause: null,
          remembered,
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, code: "failed", reason: errorMessage(error) };
      } finally {
        unlockingRef.current = false;
      }
    },
    [apply, env],
  );

  const lock = useCallback(
    (options: { allTabs?: boolean } = {}) => lockNow("manual", { allTabs: options.allTabs === true }),
    [lockNow],
  );

  const value = useMemo<TKeyring>(
    () => ({
      status: state.status,
      keys: state.keys,
      fingerprints: state.fingerprints,
      unlock,
      lock,
      idleMinutes,
      lockedBecause: state.lockedBecause,
      remembered: state.remembered,
    }),
    [state, unlock, lock, idleMinutes],
  );

  return <KeyringContext.Provider value={value}>{props.children}</KeyringContext.Provider>;
}

// Outside a provider (a page before the second factor): always locked; lock() still clears whatever this tab
// stored, so signing out is safe from anywhere.
const OUTSIDE: TKeyring = {
  status: "locked",
  keys: [],
  fingerprints: [],
  unlock: async () => ({ ok: false, code: "failed", reason: "Sign in to unlock your key." }),
  lock: async (options = {}) => {
    const e = browserKeyringEnv();
    if (e) await (options.allTabs ? destroyAllUnlocked(e) : destroyUnlocked(e));
  },
  idleMinutes: idleMinutesOf(undefined),
  lockedBecause: null,
  remembered: false,
};

/** The tab's keyring: status, unlocked keys (current first) and their fingerprints, unlock and lock. */
export function useKeyring(): TKeyring {
  return useContext(KeyringContext) ?? OUTSIDE;
}
