"use client";

import { Alert } from "@disclose/ui";
import { PatchDiff } from "@disclose/ui/patch";
import type { TOpenedPatch } from "./patch-files";

export type TOpenState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; opened: TOpenedPatch };

/**
 * A decrypted patch version as a readable diff: one PatchDiff per patch of the file (a series shows each
 * commit in order). A file that no longer parses is said so; it can still be downloaded.
 */
export function PatchVersionDiff({
  state,
  idPrefix,
  label,
}: {
  state: TOpenState | undefined;
  idPrefix: string;
  /** "version 3", for the messages. */
  label: string;
}) {
  if (!state || state.status === "loading") {
    return (
      <p role="status" className="text-slate-600">
        Decrypting {label}…
      </p>
    );
  }
  if (state.status === "error") {
    return <Alert title={`Could not show ${label}`}>{state.message}</Alert>;
  }
  const { parsed } = state.opened;
  if (!parsed.ok) {
    return (
      <Alert title={`${label[0]?.toUpperCase()}${label.slice(1)} cannot be shown as a diff`}>
        {parsed.error.message} Download it to look at the file itself.
      </Alert>
    );
  }
  return (
    <div className="space-y-6" data-testid="patch-version-diff">
      {parsed.patches.map((patch, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a file's patches never reorder; a hash may repeat in it.
        <PatchDiff key={`${patch.commit}-${index}`} patch={patch} idPrefix={`${idPrefix}-${index + 1}`} />
      ))}
    </div>
  );
}
