import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const b64url = (data: Uint8Array) => Buffer.from(data).toString("base64url");

// Authenticator data flags (WebAuthn §6.1): user present, user verified, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/**
 * A software authenticator for integration tests: a real ES256 key pair answering real challenges, as a browser
 * with a passkey would (the end-to-end tests use Chromium's virtual authenticator instead). It can be told to
 * answer for another origin, without user verification, or with a counter that goes back (a clone).
 */
export function softAuthenticator({ origin, rpID }: { origin: string; rpID: string }) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const credentialId = randomBytes(16);
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]),
  );
  let counter = 0;
  let userHandle: string | undefined;

  const authData = (flags: number, count: number, withCredential: boolean) => {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(count);
    const parts = [sha256(rpID), Buffer.from([flags]), counterBytes];
    if (withCredential) {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(credentialId.length);
      parts.push(Buffer.alloc(16), length, credentialId, Buffer.from(cose));
    }
    return Buffer.concat(parts);
  };
  const clientData = (type: string, challenge: string, from = origin) =>
    Buffer.from(JSON.stringify({ type, challenge, origin: from, crossOrigin: false }));

  return {
    credentialId: b64url(credentialId),
    register(
      options: PublicKeyCredentialCreationOptionsJSON,
      { from = origin }: { from?: string } = {},
    ): RegistrationResponseJSON {
      userHandle = options.user.id;
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Map<string, string> | Uint8Array>([
          ["fmt", "none"],
          ["attStmt", new Map<string, string>()],
          ["authData", authData(UP | UV | AT, counter, true)],
        ]),
      );
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientData("webauthn.create", options.challenge, from)),
          attestationObject: b64url(attestationObject),
          transports: ["internal"],
        },
      };
    },
    authenticate(
      options: PublicKeyCredentialRequestOptionsJSON,
      {
        from = origin,
        verified = true,
        counterStep = 1,
        handle = userHandle,
      }: { from?: string; verified?: boolean; counterStep?: number; handle?: string } = {},
    ): AuthenticationResponseJSON {
      counter += counterStep;
      const data = authData(verified ? UP | UV : UP, counter, false);
      const clientDataJSON = clientData("webauthn.get", options.challenge, from);
      const signature = sign("sha256", Buffer.concat([data, sha256(clientDataJSON)]), privateKey);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: "public-key",
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(data),
          signature: b64url(signature),
          ...(handle ? { userHandle: handle } : {}),
        },
      };
    },
  };
}
