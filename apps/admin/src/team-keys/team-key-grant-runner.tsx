"use client";

import { useEffect, useRef } from "react";
import { useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";

/**
 * The team keys' part of the grant step: whenever this tab's key is unlocked, wraps the team keys this member
 * holds to the keys of PST members who lack them (a new member, a member's new key). Only session-key packets
 * go to the server. Quiet: a failure is retried at the next unlock or page load.
 */
export function TeamKeyGrantRunner() {
  const keyring = useKeyring();
  const keys = keyring.keys;
  const done = useRef(false);
  useEffect(() => {
    if (keyring.status !== "unlocked" || keys.length === 0 || done.current) return;
    done.current = true;
    void (async () => {
      try {
        const work = await adminClient().teamKeys.grantWork.query();
        if (work.length === 0) return;
        const crypto = await import("@disclose/crypto");
        const grants = [];
        for (const w of work) {
          const packet = await crypto.rewrapKeyPackets({
            keyPackets: Uint8Array.from(atob(w.packets), (c) => c.charCodeAt(0)),
            decryptionKeys: keys,
            grantee: await crypto.readPublicKey(w.granteePublicKey),
          });
          grants.push({
            teamKeyFingerprint: w.teamKeyFingerprint,
            granteeUserId: w.granteeUserId,
            granteeFingerprint: w.granteeFingerprint,
            packets: btoa(String.fromCharCode(...packet)),
          });
        }
        await adminClient().teamKeys.completeGrants.mutate({ grants: grants.slice(0, 100) });
      } catch {
        done.current = false;
      }
    })();
  }, [keyring.status, keys]);
  return null;
}
