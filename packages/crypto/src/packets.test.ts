import { describe, expect, it } from "vitest";
import {
  armorMessage,
  dearmorMessage,
  joinMessage,
  PacketError,
  parseKeyPackets,
  splitAnyMessage,
  splitMessage,
} from "./packets";
import { encryptBytes, encryptionKeyIdsOfKey, encryptText, generateLockedKey } from "./pgp";
import { decryptTextWithKeys, readPublicKey, rewrapKeyPackets, unlockPrivateKey } from "./readers";

const a = await generateLockedKey({ name: "A", passphrase: "pass a" });
const b = await generateLockedKey({ name: "B", passphrase: "pass b" });
const c = await generateLockedKey({ name: "C", passphrase: "pass c" });

describe("splitMessage / joinMessage", () => {
  it("finds one session-key packet per recipient, with the recipient's key ID, and the data after them", async () => {
    const message = await dearmorMessage(await encryptText("hello", [a.publicKey, b.publicKey]));
    const split = splitMessage(message);
    expect(split.keyPackets.map((p) => p.keyId)).toEqual([
      ...(await encryptionKeyIdsOfKey(a.publicKey)),
      ...(await encryptionKeyIdsOfKey(b.publicKey)),
    ]);
    expect(split.data[0]).toBe(0xd2); // new-format tag 18: the encrypted data
    // Byte for byte: the parts put back together are the message.
    expect(
      joinMessage(
        split.keyPackets.map((p) => p.bytes),
        split.data,
      ),
    ).toEqual(message);
  });

  it("serves one reader only their packet, and that still decrypts", async () => {
    const split = await splitAnyMessage(await encryptText("only mine", [a.publicKey, b.publicKey]));
    const mine = split.keyPackets.filter((p) => p.keyId !== split.keyPackets[0]?.keyId);
    const served = armorMessage(
      joinMessage(
        mine.map((p) => p.bytes),
        split.data,
      ),
    );
    const keyB = await unlockPrivateKey(b.lockedPrivateKey, "pass b");
    expect(await decryptTextWithKeys(served, [keyB])).toBe("only mine");
    const keyA = await unlockPrivateKey(a.lockedPrivateKey, "pass a");
    await expect(decryptTextWithKeys(served, [keyA])).rejects.toThrow();
  });

  it("splits a large binary message (partial body lengths in the data) without touching the data", async () => {
    const data = new Uint8Array(3_000_000).map((_, i) => i % 251);
    const message = await encryptBytes(data, [a.publicKey]);
    const split = splitMessage(message);
    expect(split.keyPackets).toHaveLength(1);
    expect(split.data.byteLength).toBe(message.byteLength - (split.keyPackets[0]?.bytes.byteLength ?? 0));
  });

  it.each([
    ["empty", new Uint8Array()],
    ["not a packet", new Uint8Array([0x00, 0x01, 0x02])],
    ["a cut header", new Uint8Array([0xc1])],
    ["a packet running past the end", new Uint8Array([0xc1, 0x20, 0x03])],
    ["only a literal data packet", new Uint8Array([0xcb, 0x03, 0x62, 0x00, 0x00])],
    ["data without session keys", new Uint8Array([0xd2, 0x02, 0x01, 0x00])],
  ])("refuses %s", (_, bytes) => {
    expect(() => splitMessage(bytes)).toThrow(PacketError);
  });

  it("refuses a password-encrypted message", () => {
    // SKESK v4 (tag 3), then SEIPD.
    const bytes = new Uint8Array([0xc3, 0x04, 0x04, 0x09, 0x00, 0x00, 0xd2, 0x01, 0x01]);
    expect(() => splitMessage(bytes)).toThrow(/Password/);
  });

  it("refuses an armored key instead of a message, and text around the armor", async () => {
    await expect(splitAnyMessage(a.publicKey)).rejects.toThrow();
    const message = await encryptText("x", [a.publicKey]);
    await expect(splitAnyMessage(`Hello team,\n${message}`)).rejects.toThrow(PacketError);
    await expect(splitAnyMessage(`${message}\nthanks`)).rejects.toThrow(PacketError);
  });
});

describe("parseKeyPackets", () => {
  it("accepts session-key packets only and names their key IDs", async () => {
    const split = await splitAnyMessage(await encryptText("x", [a.publicKey, b.publicKey]));
    const packets = joinMessage(
      split.keyPackets.map((p) => p.bytes),
      new Uint8Array(),
    );
    expect(parseKeyPackets(packets).map((p) => p.keyId)).toEqual(split.keyPackets.map((p) => p.keyId));
    expect(() => parseKeyPackets(joinMessage([packets], split.data))).toThrow(PacketError);
    expect(() => parseKeyPackets(new Uint8Array())).toThrow(PacketError);
    expect(() => parseKeyPackets(split.data)).toThrow(PacketError);
  });
});

describe("rewrapKeyPackets", () => {
  it("lets a reader grant an item to a newcomer, who can then decrypt it", async () => {
    const split = await splitAnyMessage(await encryptText("granted", [a.publicKey, b.publicKey]));
    const granter = await unlockPrivateKey(a.lockedPrivateKey, "pass a");
    const packet = await rewrapKeyPackets({
      keyPackets: joinMessage(
        split.keyPackets.map((p) => p.bytes),
        new Uint8Array(),
      ),
      decryptionKeys: [granter],
      grantee: await readPublicKey(c.publicKey),
    });
    expect(parseKeyPackets(packet).map((p) => p.keyId)).toEqual(await encryptionKeyIdsOfKey(c.publicKey));
    const keyC = await unlockPrivateKey(c.lockedPrivateKey, "pass c");
    expect(await decryptTextWithKeys(armorMessage(joinMessage([packet], split.data)), [keyC])).toBe(
      "granted",
    );
  });

  it("cannot grant what the granter cannot open", async () => {
    const split = await splitAnyMessage(await encryptText("not yours", [b.publicKey]));
    const granter = await unlockPrivateKey(a.lockedPrivateKey, "pass a");
    await expect(
      rewrapKeyPackets({
        keyPackets: split.keyPackets[0]!.bytes,
        decryptionKeys: [granter],
        grantee: await readPublicKey(c.publicKey),
      }),
    ).rejects.toThrow();
  });
});
