import { armor, enums, unarmor } from "openpgp";

/**
 * An encrypted OpenPGP message is a list of session-key packets (one per recipient key) followed by the
 * encrypted data. Access grants rest on that shape: each reader is served their own session-key packets in
 * front of the item's unchanged data, which is still a message GnuPG reads. This module walks the packet
 * headers by hand (RFC 4880 §4.2) so that the data is kept byte for byte and never parsed or re-encoded.
 */

const TAG_PKESK = 1;
const TAG_SKESK = 3;
const TAG_MARKER = 10;
const TAG_SEIPD = 18;

export class PacketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PacketError";
  }
}

export interface TKeyPacket {
  /** The recipient's encryption key ID, upper-case hex (16 digits); null for a wildcard recipient. */
  keyId: string | null;
  /** The whole packet, header included. */
  bytes: Uint8Array;
}

export interface TSplitMessage {
  /** Public-key session-key packets, in order. */
  keyPackets: TKeyPacket[];
  /** Everything from the encrypted data packet on (what every reader shares). */
  data: Uint8Array;
}

interface THeader {
  tag: number;
  headerLength: number;
  /** Body length; null for a partial or indeterminate length (allowed for data packets only). */
  bodyLength: number | null;
}

function readHeader(bytes: Uint8Array, offset: number): THeader {
  const first = bytes[offset];
  if (first === undefined || (first & 0x80) === 0) throw new PacketError("Not an OpenPGP packet.");
  const at = (i: number) => {
    const value = bytes[offset + i];
    if (value === undefined) throw new PacketError("The packet header is cut short.");
    return value;
  };
  if (first & 0x40) {
    const tag = first & 0x3f;
    const o1 = at(1);
    if (o1 < 192) return { tag, headerLength: 2, bodyLength: o1 };
    if (o1 < 224) return { tag, headerLength: 3, bodyLength: ((o1 - 192) << 8) + at(2) + 192 };
    if (o1 === 255) {
      return {
        tag,
        headerLength: 6,
        bodyLength: ((at(2) << 24) | (at(3) << 16) | (at(4) << 8) | at(5)) >>> 0,
      };
    }
    return { tag, headerLength: 2, bodyLength: null };
  }
  const tag = (first >> 2) & 0x0f;
  switch (first & 0x03) {
    case 0:
      return { tag, headerLength: 2, bodyLength: at(1) };
    case 1:
      return { tag, headerLength: 3, bodyLength: (at(1) << 8) | at(2) };
    case 2:
      return {
        tag,
        headerLength: 5,
        bodyLength: ((at(1) << 24) | (at(2) << 16) | (at(3) << 8) | at(4)) >>> 0,
      };
    default:
      return { tag, headerLength: 1, bodyLength: null };
  }
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();

/**
 * Splits a binary encrypted message into its public-key session-key packets and its encrypted data. Throws a
 * PacketError for anything else: a password-encrypted message, a missing or unknown data packet, a cut header.
 */
export function splitMessage(message: Uint8Array): TSplitMessage {
  const keyPackets: TKeyPacket[] = [];
  let offset = 0;
  while (offset < message.length) {
    const header = readHeader(message, offset);
    if (header.tag === TAG_SEIPD) {
      if (keyPackets.length === 0) throw new PacketError("The message has no public-key session-key packet.");
      return { keyPackets, data: message.subarray(offset) };
    }
    if (header.bodyLength === null) throw new PacketError("A session-key packet has no definite length.");
    const end = offset + header.headerLength + header.bodyLength;
    if (end > message.length) throw new PacketError("A packet runs past the end of the message.");
    const body = message.subarray(offset + header.headerLength, end);
    if (header.tag === TAG_PKESK) {
      keyPackets.push({ keyId: pkeskKeyId(body), bytes: message.subarray(offset, end) });
    } else if (header.tag === TAG_SKESK) {
      throw new PacketError("Password-encrypted messages are not accepted.");
    } else if (header.tag !== TAG_MARKER) {
      throw new PacketError(`Unexpected packet (tag ${header.tag}) before the encrypted data.`);
    }
    offset = end;
  }
  throw new PacketError("The message has no encrypted data packet.");
}

/** Only version 3 PKESKs (what v4 keys make): version, 8-byte key ID, algorithm, encrypted session key. */
function pkeskKeyId(body: Uint8Array): string | null {
  if (body[0] !== 3 || body.length < 11) throw new PacketError("Unsupported session-key packet version.");
  const id = body.subarray(1, 9);
  return id.every((b) => b === 0) ? null : hex(id);
}

/**
 * Parses what a reader's browser sends as a grant: one or more v3 public-key session-key packets and nothing
 * else. Returns the key IDs they are addressed to.
 */
export function parseKeyPackets(packets: Uint8Array): TKeyPacket[] {
  const found: TKeyPacket[] = [];
  let offset = 0;
  while (offset < packets.length) {
    const header = readHeader(packets, offset);
    if (header.tag !== TAG_PKESK) throw new PacketError("Only public-key session-key packets are accepted.");
    if (header.bodyLength === null) throw new PacketError("A session-key packet has no definite length.");
    const end = offset + header.headerLength + header.bodyLength;
    if (end > packets.length) throw new PacketError("A packet runs past the end of the data.");
    found.push({
      keyId: pkeskKeyId(packets.subarray(offset + header.headerLength, end)),
      bytes: packets.subarray(offset, end),
    });
    offset = end;
  }
  if (found.length === 0) throw new PacketError("No session-key packet.");
  return found;
}

/** A reader's message: their session-key packets followed by the shared encrypted data. */
export function joinMessage(keyPackets: readonly Uint8Array[], data: Uint8Array): Uint8Array {
  const total = keyPackets.reduce((sum, p) => sum + p.length, 0) + data.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const packet of [...keyPackets, data]) {
    out.set(packet, offset);
    offset += packet.length;
  }
  return out;
}

/**
 * The binary packets of an armored message (armor headers such as Comment: are dropped). Strict: one armored
 * message and nothing before or after it.
 */
export async function dearmorMessage(armored: string): Promise<Uint8Array> {
  const text = armored.trim();
  if (!text.startsWith("-----BEGIN PGP MESSAGE-----") || !text.endsWith("-----END PGP MESSAGE-----")) {
    throw new PacketError("This is not one armored PGP message and nothing else.");
  }
  const { type, data } = await unarmor(text);
  if (type !== enums.armor.message) throw new PacketError("This is not an armored PGP message.");
  return data as unknown as Uint8Array;
}

/**
 * Armors binary message packets, with no headers. With the CRC-24 checksum line: GnuPG 2.2 misreads armor
 * without it (OpenPGP.js adds it for SEIPDv1 messages for the same reason).
 */
export function armorMessage(binary: Uint8Array): string {
  return armor(enums.armor.message, binary, undefined, undefined, undefined, true);
}

/** Splits an armored or binary message; see splitMessage. */
export async function splitAnyMessage(message: string | Uint8Array): Promise<TSplitMessage> {
  return splitMessage(typeof message === "string" ? await dearmorMessage(message) : message);
}
