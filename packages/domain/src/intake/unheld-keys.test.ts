import { describe, expect, it } from "vitest";
import {
  describeUnheldKey,
  describeUnheldKeys,
  HIDDEN_RECIPIENT_KEY_ID,
  isFingerprintFlag,
  UNHELD_KEYS_MAX,
  unheldKeyFlags,
  unheldKeysAdvice,
} from "./unheld-keys";

const RETIRED = `${"A".repeat(24)}1111222233334444`;
const RETIRED_SUBKEY = "5555666677778888";

describe("unheldKeyFlags", () => {
  const known = [{ fingerprint: RETIRED, keyIds: [RETIRED_SUBKEY] }];

  it("names a known key by its fingerprint, whether the message names its subkey or its primary key", () => {
    expect(unheldKeyFlags([RETIRED_SUBKEY], known)).toEqual([RETIRED]);
    expect(unheldKeyFlags(["1111222233334444"], known)).toEqual([RETIRED]);
  });

  it("keeps a stranger's key ID, upper-cased, in the message's order, each key once", () => {
    expect(
      unheldKeyFlags(["abcdef0123456789", RETIRED_SUBKEY, "ABCDEF0123456789", "1111222233334444"], known),
    ).toEqual(["ABCDEF0123456789", RETIRED]);
  });

  it.each([
    ["too short", "ABCDEF"],
    ["not hex", "GGGGGGGGGGGGGGGG"],
    ["a fingerprint, not a key ID", RETIRED],
    ["SQL", "'; DROP TABLE x;--"],
    ["empty", ""],
  ])("drops what is not a key ID (%s)", (_, id) => {
    expect(unheldKeyFlags([id], known)).toEqual([]);
  });

  it("never matches a hidden recipient to a known key, even one whose ID is all zeros", () => {
    const zeros = [
      { fingerprint: `${"B".repeat(24)}${HIDDEN_RECIPIENT_KEY_ID}`, keyIds: [HIDDEN_RECIPIENT_KEY_ID] },
    ];
    expect(unheldKeyFlags([HIDDEN_RECIPIENT_KEY_ID], zeros)).toEqual([HIDDEN_RECIPIENT_KEY_ID]);
  });

  it("ignores a known key whose fingerprint is malformed", () => {
    expect(unheldKeyFlags([RETIRED_SUBKEY], [{ fingerprint: "nope", keyIds: [RETIRED_SUBKEY] }])).toEqual([
      RETIRED_SUBKEY,
    ]);
  });

  it(`stops at ${UNHELD_KEYS_MAX} flags`, () => {
    const ids = Array.from({ length: 300 }, (_, i) => i.toString(16).toUpperCase().padStart(16, "0"));
    expect(unheldKeyFlags(ids, [])).toHaveLength(UNHELD_KEYS_MAX);
  });

  it("tells a fingerprint flag from a key ID flag", () => {
    expect(isFingerprintFlag(RETIRED)).toBe(true);
    expect(isFingerprintFlag(RETIRED_SUBKEY)).toBe(false);
  });
});

describe("describeUnheldKey", () => {
  const retiredAt = new Date("2026-03-01T12:00:00Z");

  it("names a retired key, its owner and when it was retired", () => {
    expect(describeUnheldKey({ kind: "person", fingerprint: RETIRED, ownerName: "Ana", retiredAt })).toBe(
      `retired key ${RETIRED} of Ana, retired 2026-03-01 12:00 UTC`,
    );
  });

  it("names a current key that reports are not encrypted to", () => {
    expect(
      describeUnheldKey({ kind: "person", fingerprint: RETIRED, ownerName: "Fix", retiredAt: null }),
    ).toBe(`key ${RETIRED} of Fix, which reports are not encrypted to`);
  });

  it("names an unknown key by its key ID, and a hidden recipient as such", () => {
    expect(describeUnheldKey({ kind: "unknown", keyId: "ABCDEF0123456789" })).toBe(
      "an unknown key ABCDEF0123456789",
    );
    expect(describeUnheldKey({ kind: "unknown", keyId: HIDDEN_RECIPIENT_KEY_ID })).toMatch(
      /hidden recipient/,
    );
  });

  it("names a retired team key", () => {
    expect(describeUnheldKey({ kind: "team", fingerprint: RETIRED, label: "security@", retiredAt })).toBe(
      `retired team key ${RETIRED} (security@), retired 2026-03-01 12:00 UTC`,
    );
  });

  it("makes one sentence of several keys", () => {
    expect(
      describeUnheldKeys([
        { kind: "unknown", keyId: "ABCDEF0123456789" },
        { kind: "unknown", keyId: "0123456789ABCDEF" },
      ]),
    ).toBe("Encrypted to an unknown key ABCDEF0123456789; and an unknown key 0123456789ABCDEF.");
    expect(describeUnheldKeys([])).toBe("Encrypted to no key anyone here holds.");
  });
});

describe("unheldKeysAdvice", () => {
  it("asks a retired key's owner to decrypt it", () => {
    const advice = unheldKeysAdvice([
      { kind: "person", fingerprint: RETIRED, ownerName: "Ana", retiredAt: null },
    ]);
    expect(advice[0]).toMatch(/owner to open the report here/);
    expect(advice.join(" ")).not.toMatch(/team key/);
  });

  it("suggests importing an unknown key as a team key", () => {
    expect(unheldKeysAdvice([{ kind: "unknown", keyId: "ABCDEF0123456789" }]).join(" ")).toMatch(
      /import it on the Keys page as a team key/,
    );
  });

  it("always ends with asking the sender", () => {
    expect(unheldKeysAdvice([]).at(-1)).toMatch(/ask the sender/);
  });
});
