"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { useKeyring } from "~/keyring";
import { adminClient, errorMessage } from "~/trpc/client";

/** Items re-wrapped per round trip, and rounds per run: bounded, so a huge backlog never blocks the tab. */
const BATCH = 200;
const MAX_ROUNDS = 50;
const NAVIGATION_LOOK_MS = 60_000;

export type TGrantProgress =
  | { phase: "idle"; lastGranted: number }
  | { phase: "running"; done: number; grantee: string; caseId: string }
  | { phase: "failed"; message: string };

interface TGrantRunner {
  progress: TGrantProgress;
  /** Completes what this browser can grant now (no-op while the key is locked or a run is going). */
  run(): Promise<void>;
}

const GrantRunnerContext = createContext<TGrantRunner>({
  progress: { phase: "idle", lastGranted: 0 },
  run: async () => {},
});

export const useGrantRunner = () => useContext(GrantRunnerContext);

/** Asks the runner to look for work now (e.g. after someone was added to a Fix Team). */
export function requestGrants(): void {
  window.dispatchEvent(new Event("disclose:grants"));
}

/**
 * Completes access grants in the background whenever this tab's key is unlocked: for each person who may read
 * a case but lacks some of its items, opens the session keys this member holds and wraps them to that
 * person's key, here in the browser. The server gets only the new session-key packets.
 */
export function GrantRunnerProvider({ children }: { children: ReactNode }) {
  const keyring = useKeyring();
  const pathname = usePathname();
  const router = useRouter();
  const [progress, setProgress] = useState<TGrantProgress>({ phase: "idle", lastGranted: 0 });
  const running = useRef(false);
  const keys = keyring.keys;

  const run = useCallback(async () => {
    if (running.current || keys.length === 0) return;
    running.current = true;
    let granted = 0;
    // Measured by `pnpm bench` (granting a whole case to a new reader) through the Performance API.
    performance.mark("disclose:grants:start");
    try {
      const crypto = await import("@disclose/crypto");
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const work = await adminClient().grants.work.query({ limit: BATCH });
        if (work.length === 0) break;
        const grants = [];
        for (const target of work) {
          setProgress({
            phase: "running",
            done: granted,
            grantee: target.granteeName,
            caseId: target.reportId,
          });
          grants.push(...(await crypto.rewrapGrantTarget(target, keys)));
        }
        const { stored } = await adminClient().grants.complete.mutate({ grants });
        granted += grants.length;
        setProgress({ phase: "running", done: granted, grantee: work[0]?.granteeName ?? "", caseId: "" });
        // Nothing new stored: someone else completed the same grants meanwhile; stop rather than loop.
        if (stored === 0) break;
      }
      if (granted > 0) performance.measure("disclose:grants", "disclose:grants:start");
      setProgress({ phase: "idle", lastGranted: granted });
      // The page may show who can read what: let it say so now.
      if (granted > 0) router.refresh();
    } catch (error) {
      setProgress({ phase: "failed", message: errorMessage(error) });
    } finally {
      running.current = false;
    }
  }, [keys, router]);

  // When the key unlocks (a page load restores it too) and when asked; on moving between pages at most once a
  // minute: looking for work scans the open cases, which a click through the inbox should not repeat.
  const lastLook = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input.
  useEffect(() => {
    if (keyring.status !== "unlocked") {
      lastLook.current = 0; // the next unlock looks at once
      return;
    }
    if (Date.now() - lastLook.current < NAVIGATION_LOOK_MS) return;
    lastLook.current = Date.now();
    void run();
  }, [keyring.status, run, pathname]);
  // "Access granted" says so for a while, then gets out of the way.
  useEffect(() => {
    if (progress.phase !== "idle" || progress.lastGranted === 0) return;
    const timer = setTimeout(() => setProgress({ phase: "idle", lastGranted: 0 }), 8_000);
    return () => clearTimeout(timer);
  }, [progress]);
  useEffect(() => {
    const onRequest = () => void run();
    window.addEventListener("disclose:grants", onRequest);
    return () => window.removeEventListener("disclose:grants", onRequest);
  }, [run]);

  return (
    <GrantRunnerContext.Provider value={{ progress, run }}>
      {children}
      <GrantProgress progress={progress} />
    </GrantRunnerContext.Provider>
  );
}

/** A small status line while grants are being made, and a way to retry after a failure. */
function GrantProgress({ progress }: { progress: TGrantProgress }) {
  const { run } = useGrantRunner();
  if (progress.phase === "idle" && progress.lastGranted === 0) return <p role="status" className="sr-only" />;
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed inset-x-2 bottom-2 z-40 mx-auto max-w-md rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg sm:inset-x-auto sm:right-4"
      data-testid="grant-progress"
    >
      {progress.phase === "running" ? (
        <>
          Giving {progress.grantee} access
          {progress.caseId ? (
            <>
              {" "}
              to report <span className="font-mono">{progress.caseId.slice(0, 8)}</span>
            </>
          ) : null}
          … {progress.done} items so far
        </>
      ) : progress.phase === "failed" ? (
        <span className="flex flex-wrap items-center gap-2">
          Access for a team member could not be completed: {progress.message}
          <button type="button" className="underline" onClick={() => void run()}>
            Try again
          </button>
        </span>
      ) : (
        <>Access granted ({progress.lastGranted} items).</>
      )}
    </div>
  );
}
