// The shared fixture of the authorization matrix (authorization.integration.test.ts). Each area of the case
// workflow keeps its rows in a file of its own here, so that a new procedure comes with its row.
import type { Db } from "@disclose/db";
import type { can, TActor, TCaseFacts } from "@disclose/domain";
import type { TPstKeyWithOwner } from "../use-cases/keys/list-pst-keys";

export interface AuthzCase {
  /** Input for the call (may create what it needs). */
  input?: () => Promise<unknown>;
  /** Who passes authorization, given the caller's domain actor (callers past the second factor only). */
  allowed: (actor: TActor) => boolean;
  /** Allowed before the second factor too (setting it up, leaving). */
  beforeSecondFactor?: true;
  /** Reachable with no session at all (signing in): every caller passes authorization. */
  public?: true;
  /**
   * The response's shape per caller: which of its top-level lists hold something for this actor. Every other
   * top-level list must be empty, so a role gets only what it needs.
   */
  lists?: (actor: TActor) => string[];
}

/**
 * Filled in the matrix's beforeAll; rows read it lazily (inside input/allowed), never when they are built.
 * Case A: accepted, led by pst1@demo, with fixer@demo on its Fix Team; case B: led by pst1@demo, with another
 * account on its Fix Team (the "member of another case" caller).
 */
export interface AuthzFixture {
  db: Db;
  now: Date;
  pstKeys: TPstKeyWithOwner[];
  caseA: { id: string; ciphertext: string; reporterPublicKey: string };
  caseAFacts: TCaseFacts;
  /** A fresh accepted case shaped like case A (same Fix Lead and Fix Team), for calls that change a case. */
  caseLikeA: () => Promise<string>;
  /** May the actor do this on case A (the domain's can())? */
  onCase: (action: Parameters<typeof can>[1]) => (actor: TActor) => boolean;
}

export type AuthzRows = (fx: AuthzFixture) => Record<string, AuthzCase>;
