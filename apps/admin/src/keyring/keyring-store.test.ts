import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { ACTIVITY_WRITE_INTERVAL_MS, VAULT_TOUCH_INTERVAL_MS } from "./idle";
import {
  collectGarbage,
  createWrappingKey,
  destroyAllUnlocked,
  destroyUnlocked,
  indexedDbVault,
  type KeyringEnv,
  type KeyVault,
  persistUnlocked,
  readSessionEntry,
  restoreUnlocked,
  SESSION_KEY,
  type TVaultRecord,
  touchVault,
  unwrapKeys,
  wrapKeys,
  writeActivity,
} from "./keyring-store";

const MIN = 60_000;
const IDLE = 15 * MIN;
const t0 = Date.parse("2026-11-30T09:00:00Z");
// Stands in for armored unlocked keys: the store treats them as opaque text.
const KEYS = [
  "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\ncurrent-secret\n-----END PGP PRIVATE KEY BLOCK-----",
  "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nretired-secret\n-----END PGP PRIVATE KEY BLOCK-----",
];
const ACCOUNT = "user-1";

/** A tab's sessionStorage. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** A browser profile: one IndexedDB shared by its tabs, one clock. */
function browser() {
  const factory = new IDBFactory();
  const clock = { now: t0 };
  /** A tab; `storage` carries over a reload (sessionStorage survives it), the vault connection does not. */
  const tab = (storage = memoryStorage()) => {
    const env: KeyringEnv = {
      storage,
      vault: indexedDbVault(factory),
      subtle: crypto.subtle,
      getRandomValues: (array) => crypto.getRandomValues(array),
      now: () => clock.now,
    };
    return { env, storage, reload: () => tab(storage) };
  };
  return { factory, clock, tab, vault: () => indexedDbVault(factory) };
}

const restore = (env: KeyringEnv, accountId = ACCOUNT) => restoreUnlocked(env, { accountId, idleMs: IDLE });

describe("wrapping", () => {
  it("makes a non-extractable AES-GCM key: usable, never exportable", async () => {
    const key = await createWrappingKey(crypto.subtle);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: "AES-GCM", length: 256 });
    await expect(crypto.subtle.exportKey("raw", key)).rejects.toThrow();
    await expect(crypto.subtle.exportKey("jwk", key)).rejects.toThrow();
  });

  it("round-trips the keys, and refuses another tab id, another account, another key or a changed byte", async () => {
    const env = {
      subtle: crypto.subtle,
      getRandomValues: <T extends Uint8Array<ArrayBuffer>>(a: T) => crypto.getRandomValues(a),
    };
    const key = await createWrappingKey(crypto.subtle);
    const wrapped = await wrapKeys(env, key, {
      tabId: "tab-aaaaaaaaaaaaaaaa",
      accountId: ACCOUNT,
      armoredKeys: KEYS,
    });
    const good = { tabId: "tab-aaaaaaaaaaaaaaaa", accountId: ACCOUNT, ...wrapped };
    expect(await unwrapKeys(env, key, good)).toEqual(KEYS);

    await expect(unwrapKeys(env, key, { ...good, tabId: "tab-bbbbbbbbbbbbbbbb" })).rejects.toThrow();
    await expect(unwrapKeys(env, key, { ...good, accountId: "user-2" })).rejects.toThrow();
    await expect(unwrapKeys(env, await createWrappingKey(crypto.subtle), good)).rejects.toThrow();
    const bytes = Uint8Array.from(atob(wrapped.ciphertext), (c) => c.charCodeAt(0));
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    const flipped = btoa(String.fromCharCode(...bytes));
    await expect(unwrapKeys(env, key, { ...good, ciphertext: flipped })).rejects.toThrow();
    const iv = btoa(String.fromCharCode(...new Uint8Array(12)));
    await expect(unwrapKeys(env, key, { ...good, iv })).rejects.toThrow();
  });

  it("uses a fresh IV every time", async () => {
    const env = {
      subtle: crypto.subtle,
      getRandomValues: <T extends Uint8Array<ArrayBuffer>>(a: T) => crypto.getRandomValues(a),
    };
    const key = await createWrappingKey(crypto.subtle);
    const options = { tabId: "tab-aaaaaaaaaaaaaaaa", accountId: ACCOUNT, armoredKeys: KEYS };
    const [a, b] = [await wrapKeys(env, key, options), await wrapKeys(env, key, options)];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });
});

describe("persist and restore", () => {
  it("stores only the ciphertext in sessionStorage and a non-extractable key in IndexedDB", async () => {
    const b = browser();
    const { env, storage } = b.tab();
    const entry = await persistUnlocked(env, { accountId: ACCOUNT, armoredKeys: KEYS });

    expect([...storage.items.keys()]).toEqual([SESSION_KEY]);
    const raw = storage.items.get(SESSION_KEY) ?? "";
    expect(Object.keys(JSON.parse(raw)).sort()).toEqual(["ciphertext", "iv", "lastActivity", "tabId", "v"]);
    for (const secret of ["PRIVATE KEY", "current-secret", "retired-secret", ACCOUNT]) {
      expect(raw).not.toContain(secret);
    }
    expect(entry.lastActivity).toBe(t0);

    const records = (await b.vault().list()) as TVaultRecord[];
    expect(records).toHaveLength(1);
    expect(records[0]?.tabId).toBe(entry.tabId);
    // What IndexedDB gives back (a structured clone) is still a key nobody can read.
    const stored = records[0]?.key as CryptoKey;
    expect(stored.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", stored)).rejects.toThrow();
    expect(JSON.stringify(records)).not.toContain("secret");
  });

  it("gives the keys back after a reload of the same tab, without asking anything", async () => {
    const b = browser();
    const tab = b.tab();
    const entry = await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    b.clock.now += 5 * MIN;
    const reloaded = tab.reload();
    expect(await restore(reloaded.env)).toEqual({
      status: "unlocked",
      tabId: entry.tabId,
      armoredKeys: KEYS,
      lastActivity: t0,
    });
    // A restore is not activity: the stored time is unchanged.
    expect(readSessionEntry(reloaded.storage)?.lastActivity).toBe(t0);
  });

  it("is nothing in a new tab (sessionStorage is per tab), although the profile's IndexedDB is shared", async () => {
    const b = browser();
    await persistUnlocked(b.tab().env, { accountId: ACCOUNT, armoredKeys: KEYS });
    expect(await restore(b.tab().env)).toEqual({ status: "none" });
  });

  it("locks after the idle time, destroying both halves", async () => {
    const b = browser();
    const tab = b.tab();
    await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    b.clock.now += IDLE;
    const reloaded = tab.reload();
    expect(await restore(reloaded.env)).toEqual({ status: "idle" });
    expect(reloaded.storage.items.size).toBe(0);
    expect(await b.vault().list()).toEqual([]);
  });

  it("counts written activity: active 10 minutes in, still unlocked 20 minutes in, locked 25 minutes in", async () => {
    const b = browser();
    const tab = b.tab();
    await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    writeActivity(tab.env, t0 + 10 * MIN);
    b.clock.now = t0 + 20 * MIN;
    expect((await restore(tab.reload().env)).status).toBe("unlocked");
    b.clock.now = t0 + 25 * MIN;
    expect((await restore(tab.reload().env)).status).toBe("idle");
  });

  it("never moves the stored activity backwards", async () => {
    const b = browser();
    const tab = b.tab();
    await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    writeActivity(tab.env, t0 + 10 * MIN);
    writeActivity(tab.env, t0 + 5 * MIN);
    expect(readSessionEntry(tab.storage)?.lastActivity).toBe(t0 + 10 * MIN);
  });

  it("is locked when the IndexedDB key is gone (e.g. signed out in another tab), and clears the entry", async () => {
    const b = browser();
    const tab = b.tab();
    const entry = await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    await b.vault().delete(entry.tabId);
    const reloaded = tab.reload();
    expect(await restore(reloaded.env)).toEqual({ status: "broken" });
    expect(reloaded.storage.items.size).toBe(0);
  });

  it("does not restore for another account signing in to the same tab, and destroys what was there", async () => {
    const b = browser();
    const tab = b.tab();
    await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const reloaded = tab.reload();
    expect(await restore(reloaded.env, "user-2")).toEqual({ status: "broken" });
    expect(reloaded.storage.items.size).toBe(0);
    expect(await b.vault().list()).toEqual([]);
  });

  it.each([
    ["not JSON", "{"],
    ["JSON null", "null"],
    [
      "another format",
      JSON.stringify({ v: 2, tabId: "a".repeat(22), iv: "", ciphertext: "", lastActivity: t0 }),
    ],
    ["a bad tab id", JSON.stringify({ v: 1, tabId: "../x", iv: "", ciphertext: "", lastActivity: t0 })],
    ["no time", JSON.stringify({ v: 1, tabId: "a".repeat(22), iv: "", ciphertext: "" })],
  ])("treats a malformed entry (%s) as locked and removes it", async (_label, raw) => {
    const tab = browser().tab();
    tab.storage.items.set(SESSION_KEY, raw);
    expect(await restore(tab.env)).toEqual({ status: "broken" });
    expect(tab.storage.items.size).toBe(0);
  });

  it("treats an entry moved to another tab's id as locked", async () => {
    const b = browser();
    const one = b.tab();
    const two = b.tab();
    await persistUnlocked(one.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const second = await persistUnlocked(two.env, { accountId: ACCOUNT, armoredKeys: ["other"] });
    const first = readSessionEntry(one.storage);
    // Tab one's ciphertext with tab two's id: tab two's key, but the wrong additional data.
    one.storage.items.set(SESSION_KEY, JSON.stringify({ ...first, tabId: second.tabId }));
    expect(await restore(one.env)).toEqual({ status: "broken" });
  });

  it("replaces what the tab stored before on a second unlock", async () => {
    const b = browser();
    const tab = b.tab();
    const first = await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const second = await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: ["new"] });
    expect(second.tabId).not.toBe(first.tabId);
    expect(((await b.vault().list()) as TVaultRecord[]).map((r) => r.tabId)).toEqual([second.tabId]);
    expect(await restore(tab.reload().env)).toMatchObject({ status: "unlocked", armoredKeys: ["new"] });
  });

  it("stores nothing when sessionStorage refuses (full): the caller keeps the keys in memory only", async () => {
    const b = browser();
    const tab = b.tab();
    tab.storage.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    await expect(persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS })).rejects.toThrow();
    expect(await b.vault().list()).toEqual([]);
  });

  it("stores nothing when IndexedDB refuses", async () => {
    const tab = browser().tab();
    const broken: KeyVault = { ...tab.env.vault, put: () => Promise.reject(new Error("no IndexedDB")) };
    await expect(
      persistUnlocked({ ...tab.env, vault: broken }, { accountId: ACCOUNT, armoredKeys: KEYS }),
    ).rejects.toThrow();
    expect(tab.storage.items.size).toBe(0);
  });
});

describe("locking", () => {
  it("Lock now destroys this tab's entry and key, and leaves other tabs alone", async () => {
    const b = browser();
    const one = b.tab();
    const two = b.tab();
    await persistUnlocked(one.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const other = await persistUnlocked(two.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    await destroyUnlocked(one.env);
    expect(one.storage.items.size).toBe(0);
    expect(((await b.vault().list()) as TVaultRecord[]).map((r) => r.tabId)).toEqual([other.tabId]);
    expect(await restore(one.reload().env)).toEqual({ status: "none" });
    expect((await restore(two.reload().env)).status).toBe("unlocked");
  });

  it("signing out destroys every tab's key, so no tab restores after a reload", async () => {
    const b = browser();
    const one = b.tab();
    const two = b.tab();
    await persistUnlocked(one.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    await persistUnlocked(two.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    await destroyAllUnlocked(one.env);
    expect(one.storage.items.size).toBe(0);
    expect(await b.vault().list()).toEqual([]);
    expect(await restore(two.reload().env)).toEqual({ status: "broken" });
  });

  it("does not hang on a stuck IndexedDB: the entry goes at once, the wait is bounded", async () => {
    const tab = browser().tab();
    await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const stuck: KeyVault = { ...tab.env.vault, delete: () => new Promise(() => {}) };
    const started = Date.now();
    await destroyUnlocked({ ...tab.env, vault: stuck });
    expect(tab.storage.items.size).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it("locking a tab that never unlocked is harmless", async () => {
    const tab = browser().tab();
    await destroyUnlocked(tab.env);
    await destroyAllUnlocked(tab.env);
    expect(await restore(tab.env)).toEqual({ status: "none" });
  });
});

describe("garbage collection", () => {
  it("deletes the keys of closed or idle tabs, keeps active tabs' keys and this tab's own", async () => {
    const b = browser();
    const closed = b.tab();
    await persistUnlocked(closed.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const active = b.tab();
    const activeEntry = await persistUnlocked(active.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const self = b.tab();
    const selfEntry = await persistUnlocked(self.env, { accountId: ACCOUNT, armoredKeys: KEYS });

    // Past the idle time plus the touch slack; the active tab touched its key meanwhile.
    b.clock.now = t0 + IDLE + VAULT_TOUCH_INTERVAL_MS + ACTIVITY_WRITE_INTERVAL_MS;
    writeActivity(active.env, b.clock.now - MIN);
    await touchVault(active.env, b.clock.now - MIN);

    expect(await collectGarbage(self.env, { idleMs: IDLE })).toBe(1);
    const left = ((await b.vault().list()) as TVaultRecord[]).map((r) => r.tabId).sort();
    expect(left).toEqual([activeEntry.tabId, selfEntry.tabId].sort());
    expect((await restore(active.reload().env)).status).toBe("unlocked");
  });

  it("keeps a fresh key whose tab is merely elsewhere", async () => {
    const b = browser();
    await persistUnlocked(b.tab().env, { accountId: ACCOUNT, armoredKeys: KEYS });
    b.clock.now += IDLE;
    expect(await collectGarbage(b.tab().env, { idleMs: IDLE })).toBe(0);
    expect(await b.vault().list()).toHaveLength(1);
  });

  it("deletes malformed records (no timestamp, no usable key)", async () => {
    const b = browser();
    const vault = b.vault();
    const key = await createWrappingKey(crypto.subtle);
    const extractable = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    await vault.put({ tabId: "no-time", key } as unknown as TVaultRecord);
    await vault.put({ tabId: "extractable", key: extractable, createdAt: t0, lastActivity: t0 });
    await vault.put({ tabId: "fine", key, createdAt: t0, lastActivity: t0 });
    expect(await collectGarbage(b.tab().env, { idleMs: IDLE })).toBe(2);
    expect(((await vault.list()) as TVaultRecord[]).map((r) => r.tabId)).toEqual(["fine"]);
  });

  it("refuses to restore with an extractable key planted under the tab's id", async () => {
    const b = browser();
    const tab = b.tab();
    const entry = await persistUnlocked(tab.env, { accountId: ACCOUNT, armoredKeys: KEYS });
    const planted = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, [
      "encrypt",
      "decrypt",
    ]);
    await b.vault().put({ tabId: entry.tabId, key: planted, createdAt: t0, lastActivity: t0 });
    expect(await restore(tab.reload().env)).toEqual({ status: "broken" });
  });
});
