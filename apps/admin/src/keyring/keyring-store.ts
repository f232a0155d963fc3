// The tab's keyring at rest. Unlocked keys survive a reload of the same tab without the passphrase being asked
// again, and without the passphrase or a usable private key ever being written anywhere:
//
// - IndexedDB holds a fresh AES-GCM CryptoKey made with extractable=false (structured clone keeps it so: script
//   can use it, but never read its bytes), under a random id for this tab.
// - sessionStorage (this tab only, survives a reload) holds { tabId, iv, ciphertext, lastActivity }: the
//   unlocked armored keys encrypted under that CryptoKey, bound by its additional data to the tab id and the
//   account.
//
// Either alone is useless; locking deletes both. No OpenPGP here: this module handles opaque strings, so a page
// that never decrypts loads none of OpenPGP.js.
import { isIdleExpired, isVaultRecordStale } from "./idle";

/** The sessionStorage item (per tab). */
export const SESSION_KEY = "disclose.keyring";
/** The IndexedDB database and object store of the wrapping keys (shared by the origin's tabs). */
export const VAULT_DB = "disclose-keyring";
export const VAULT_STORE = "wrapping-keys";
/** Locking must not hang on a stuck IndexedDB (sign-out waits for it). */
export const VAULT_TIMEOUT_MS = 3_000;

const FORMAT = 1;
const IV_BYTES = 12;

/** What sessionStorage holds: nothing usable without this tab's CryptoKey. */
export interface TSessionEntry {
  v: typeof FORMAT;
  tabId: string;
  /** base64 */
  iv: string;
  /** base64 AES-GCM ciphertext (with its tag) of the unlocked armored keys. */
  ciphertext: string;
  /** Milliseconds since the epoch of the last user input (written at most every few seconds). */
  lastActivity: number;
}

/** What IndexedDB holds per tab. */
export interface TVaultRecord {
  tabId: string;
  /** AES-GCM, extractable=false. */
  key: CryptoKey;
  createdAt: number;
  /** Touched on activity (less often than the tab's own entry): other tabs' garbage collection reads it. */
  lastActivity: number;
}

/** The wrapping keys' store; the browser's is IndexedDB (indexedDbVault). */
export interface KeyVault {
  put(record: TVaultRecord): Promise<void>;
  get(tabId: string): Promise<TVaultRecord | undefined>;
  touch(tabId: string, lastActivity: number): Promise<void>;
  delete(tabId: string): Promise<void>;
  list(): Promise<unknown[]>;
  clear(): Promise<void>;
}

/** Everything the keyring touches, passed in (the browser's in the app, fakes in tests). */
export interface KeyringEnv {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  vault: KeyVault;
  subtle: SubtleCrypto;
  getRandomValues: <T extends Uint8Array<ArrayBuffer>>(array: T) => T;
  now: () => number;
}

export type TRestoreResult =
  | { status: "unlocked"; tabId: string; armoredKeys: string[]; lastActivity: number }
  /** Nothing stored: this tab never unlocked, or locked. */
  | { status: "none" }
  /** Stored, but idle past the limit: destroyed. */
  | { status: "idle" }
  /** Stored, but unusable (no CryptoKey, another account, tampered or malformed): destroyed. */
  | { status: "broken" };

// ---------------------------------------------------------------------------------------------------------------
// Wrapping

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A random id for this tab's unlock (base64url, 128 bits). */
export function newTabId(env: Pick<KeyringEnv, "getRandomValues">): string {
  return toBase64(env.getRandomValues(new Uint8Array(16)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A fresh AES-256-GCM key that script can use but never export. */
export function createWrappingKey(subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

// Binds a ciphertext to its tab and account: moved to another tab id, or restored for another account (a
// different person signing in to this tab), it no longer decrypts.
const additionalData = (tabId: string, accountId: string) =>
  encoder.encode(`disclose-keyring/v${FORMAT}\n${tabId}\n${accountId}`);

/** Encrypts the unlocked armored keys (current first) under the tab's CryptoKey. */
export async function wrapKeys(
  env: Pick<KeyringEnv, "subtle" | "getRandomValues">,
  key: CryptoKey,
  options: { tabId: string; accountId: string; armoredKeys: readonly string[] },
): Promise<{ iv: string; ciphertext: string }> {
  const iv = env.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = encoder.encode(JSON.stringify({ keys: options.armoredKeys }));
  const ciphertext = await env.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(options.tabId, options.accountId) },
    key,
    plaintext,
  );
  plaintext.fill(0);
  return { iv: toBase64(iv), ciphertext: toBase64(new Uint8Array(ciphertext)) };
}

/** The armored keys back; throws when the key, tab, account or ciphertext do not match. */
export async function unwrapKeys(
  env: Pick<KeyringEnv, "subtle">,
  key: CryptoKey,
  options: { tabId: string; accountId: string; iv: string; ciphertext: string },
): Promise<string[]> {
  const plaintext = new Uint8Array(
    await env.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: fromBase64(options.iv),
        additionalData: additionalData(options.tabId, options.accountId),
      },
      key,
      fromBase64(options.ciphertext),
    ),
  );
  const parsed: unknown = JSON.parse(decoder.decode(plaintext));
  plaintext.fill(0);
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === "string" && k)) {
    throw new Error("The stored keyring holds no keys.");
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// The tab's entry

/** The tab's entry when there is a well-formed one; null otherwise (a malformed one is not trusted). */
export function readSessionEntry(storage: KeyringEnv["storage"]): TSessionEntry | null {
  let raw: string | null;
  try {
    raw = storage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<TSessionEntry> | null;
    if (
      value &&
      value.v === FORMAT &&
      typeof value.tabId === "string" &&
      /^[A-Za-z0-9_-]{16,64}$/.test(value.tabId) &&
      typeof value.iv === "string" &&
      typeof value.ciphertext === "string" &&
      typeof value.lastActivity === "number" &&
      Number.isFinite(value.lastActivity)
    ) {
      return {
        v: FORMAT,
        tabId: value.tabId,
        iv: value.iv,
        ciphertext: value.ciphertext,
        lastActivity: value.lastActivity,
      };
    }
  } catch {
    // Not JSON: treated as absent (and removed by restore).
  }
  return null;
}

export function hasSessionEntry(storage: KeyringEnv["storage"]): boolean {
  try {
    return storage.getItem(SESSION_KEY) !== null;
  } catch {
    return false;
  }
}

function removeSessionEntry(storage: KeyringEnv["storage"]) {
  try {
    storage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused (disabled): there is nothing in it to remove.
  }
}

/** Resolves after `ms` whatever `promise` does, so a stuck IndexedDB cannot hold up a lock or a sign-out. */
async function bounded(promise: Promise<unknown>, ms = VAULT_TIMEOUT_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      promise.catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stores freshly unlocked keys for this tab: a new tab id, a new CryptoKey in the vault, the ciphertext in
 * sessionStorage. Anything this tab stored before is destroyed first. Throws (storing nothing) when the vault or
 * sessionStorage refuse; the caller may then keep the keys in memory only.
 */
export async function persistUnlocked(
  env: KeyringEnv,
  options: { accountId: string; armoredKeys: readonly string[] },
): Promise<TSessionEntry> {
  await destroyUnlocked(env);
  const tabId = newTabId(env);
  const key = await createWrappingKey(env.subtle);
  const wrapped = await wrapKeys(env, key, { tabId, ...options });
  const now = env.now();
  await env.vault.put({ tabId, key, createdAt: now, lastActivity: now });
  const entry: TSessionEntry = { v: FORMAT, tabId, ...wrapped, lastActivity: now };
  try {
    env.storage.setItem(SESSION_KEY, JSON.stringify(entry));
  } catch (error) {
    await bounded(env.vault.delete(tabId));
    throw error;
  }
  return entry;
}

/**
 * Rebuilds the tab's unlocked keys (as armored text) from its entry and its CryptoKey. Idle past `idleMs`,
 * missing either half, or not decrypting for this account: both halves are destroyed and the key is locked.
 */
export async function restoreUnlocked(
  env: KeyringEnv,
  options: { accountId: string; idleMs: number },
): Promise<TRestoreResult> {
  if (!hasSessionEntry(env.storage)) return { status: "none" };
  const entry = readSessionEntry(env.storage);
  if (!entry) {
    removeSessionEntry(env.storage);
    return { status: "broken" };
  }
  if (isIdleExpired(entry.lastActivity, env.now(), options.idleMs)) {
    await destroyUnlocked(env);
    return { status: "idle" };
  }
  try {
    const record = await env.vault.get(entry.tabId);
    if (!record || !isUsableWrappingKey(record.key)) throw new Error("No usable wrapping key.");
    const armoredKeys = await unwrapKeys(env, record.key, { ...entry, accountId: options.accountId });
    return { status: "unlocked", tabId: entry.tabId, armoredKeys, lastActivity: entry.lastActivity };
  } catch {
    await destroyUnlocked(env);
    return { status: "broken" };
  }
}

function isUsableWrappingKey(key: unknown): key is CryptoKey {
  const k = key as Partial<CryptoKey> | null;
  return (
    typeof k === "object" &&
    k !== null &&
    k.type === "secret" &&
    k.extractable === false &&
    (k.algorithm as { name?: string } | undefined)?.name === "AES-GCM"
  );
}

/** Locks this tab: its sessionStorage entry first (synchronously), then its CryptoKey. */
export async function destroyUnlocked(env: KeyringEnv): Promise<void> {
  const entry = readSessionEntry(env.storage);
  removeSessionEntry(env.storage);
  if (entry) await bounded(env.vault.delete(entry.tabId));
}

/**
 * Locks every tab of this browser profile (signing out): this tab's entry and every CryptoKey, so the other
 * tabs' entries no longer decrypt after a reload (and they are told to forget their keys in memory).
 */
export async function destroyAllUnlocked(env: KeyringEnv): Promise<void> {
  removeSessionEntry(env.storage);
  await bounded(env.vault.clear());
}

/** Writes the last activity to the tab's entry (synchronous, so it also works while the page unloads). */
export function writeActivity(env: Pick<KeyringEnv, "storage">, lastActivity: number): void {
  const entry = readSessionEntry(env.storage);
  if (!entry || lastActivity <= entry.lastActivity) return;
  try {
    env.storage.setItem(SESSION_KEY, JSON.stringify({ ...entry, lastActivity }));
  } catch {
    // Storage full or refused: the stored time stays older, which can only lock sooner.
  }
}

/** Marks the tab's CryptoKey as in use, so other tabs' garbage collection keeps it. */
export async function touchVault(env: KeyringEnv, lastActivity: number): Promise<void> {
  const entry = readSessionEntry(env.storage);
  if (entry) await bounded(env.vault.touch(entry.tabId, lastActivity));
}

/**
 * Deletes the CryptoKeys whose tabs are gone or idle past the limit (a closed tab leaves its key behind; nothing
 * else would delete it). Keeps this tab's own key: restore and the idle check decide about that one. Returns how
 * many were deleted.
 */
export async function collectGarbage(env: KeyringEnv, options: { idleMs: number }): Promise<number> {
  const own = readSessionEntry(env.storage)?.tabId;
  const now = env.now();
  let deleted = 0;
  for (const value of await env.vault.list()) {
    const record = value as Partial<TVaultRecord> | null;
    const tabId = typeof record?.tabId === "string" ? record.tabId : null;
    if (tabId === own) continue;
    const lastActivity = typeof record?.lastActivity === "number" ? record.lastActivity : Number.NaN;
    if (tabId === null) continue;
    if (isVaultRecordStale(lastActivity, now, options.idleMs) || !isUsableWrappingKey(record?.key)) {
      await bounded(env.vault.delete(tabId));
      deleted++;
    }
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------------------------
// The browser's vault

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The vault in IndexedDB: one object store keyed by tab id. */
export function indexedDbVault(factory: IDBFactory, name = VAULT_DB): KeyVault {
  let opening: Promise<IDBDatabase> | null = null;
  const open = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(VAULT_STORE)) {
          req.result.createObjectStore(VAULT_STORE, { keyPath: "tabId" });
        }
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading or deleting the database: step aside and reopen next time.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error("The keyring database is blocked by another tab."));
    }).catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };

  async function run<T>(
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => Promise<T> | T,
  ): Promise<T> {
    const db = await open();
    const tx = db.transaction(VAULT_STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error("The keyring transaction was aborted."));
    });
    let result: Promise<T>;
    try {
      result = Promise.resolve(body(tx.objectStore(VAULT_STORE)));
    } catch (error) {
      tx.abort();
      throw error;
    }
    const [value] = await Promise.all([result, done]);
    return value;
  }

  return {
    put: (record) => run("readwrite", (store) => request(store.put(record)).then(() => undefined)),
    get: (tabId) =>
      run("readonly", (store) => request<unknown>(store.get(tabId))).then((value) => {
        const record = value as Partial<TVaultRecord> | undefined;
        return record && typeof record.tabId === "string" && record.key
          ? (record as TVaultRecord)
          : undefined;
      }),
    // Read and write in one transaction, with callbacks: no await between them that could let it commit.
    touch: (tabId, lastActivity) =>
      run(
        "readwrite",
        (store) =>
          new Promise<void>((resolve, reject) => {
            const read = store.get(tabId);
            read.onerror = () => reject(read.error);
            read.onsuccess = () => {
              const record = read.result as TVaultRecord | undefined;
              if (!record || !(lastActivity > record.lastActivity)) return resolve();
              const write = store.put({ ...record, lastActivity });
              write.onsuccess = () => resolve();
              write.onerror = () => reject(write.error);
            };
          }),
      ),
    delete: (tabId) => run("readwrite", (store) => request(store.delete(tabId)).then(() => undefined)),
    list: () => run("readonly", (store) => request<unknown[]>(store.getAll())),
    clear: () => run("readwrite", (store) => request(store.clear()).then(() => undefined)),
  };
}

const unavailableVault: KeyVault = {
  put: () => Promise.reject(new Error("IndexedDB is not available.")),
  get: () => Promise.resolve(undefined),
  touch: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  list: () => Promise.resolve([]),
  clear: () => Promise.resolve(),
};

/**
 * The browser's keyring environment; null where there is none (on the server, without sessionStorage, or
 * outside a secure context, where WebCrypto is missing).
 */
export function browserKeyringEnv(): KeyringEnv | null {
  if (typeof window === "undefined") return null;
  let storage: Storage;
  try {
    storage = window.sessionStorage;
  } catch {
    return null;
  }
  const webCrypto = globalThis.crypto;
  if (!storage || !webCrypto?.subtle) return null;
  let vault = unavailableVault;
  try {
    if (typeof indexedDB !== "undefined") vault = indexedDbVault(indexedDB);
  } catch {
    // Some private modes throw on access: unlocking still works for this page, a reload asks again.
  }
  return {
    storage,
    vault,
    subtle: webCrypto.subtle,
    getRandomValues: (array) => webCrypto.getRandomValues(array),
    now: () => Date.now(),
  };
}
