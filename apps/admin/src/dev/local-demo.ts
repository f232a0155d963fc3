import "server-only";
import { mayServeDevMailbox } from "@disclose/api";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";

/**
 * The first line of every page under `app/dev/`: what is there (sign-in links, reporters' tracking links) is for
 * the local demo's own browser only; anyone else gets the ordinary 404. Each page calls it itself: a check in a
 * layout is skipped when a client asks for the page segment alone.
 */
export async function requireLocalDemo(): Promise<void> {
  if (!mayServeDevMailbox(await headers())) notFound();
}

/** Whether to show links to the development mailbox on this request. */
export async function showsDevMailbox(): Promise<boolean> {
  return mayServeDevMailbox(await headers());
}

/**
 * A dev page's metadata, for the local demo only: static metadata would still be sent (in the page's payload)
 * with the 404, and tell a stranger what is there.
 */
export function localDemoMetadata(metadata: Metadata): () => Promise<Metadata> {
  return async () => ((await showsDevMailbox()) ? metadata : {});
}
