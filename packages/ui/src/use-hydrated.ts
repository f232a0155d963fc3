"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False in the HTML the server sends (all a browser without JavaScript ever gets), true once React runs here:
 * controls that need JavaScript are shown, or enabled, only then, so an early click is never lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
