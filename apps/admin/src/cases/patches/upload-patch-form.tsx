"use client";

import type { TPatch } from "@disclose/patches";
import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import {
  bytesToBase64,
  formatSize,
  loadCrypto,
  loadPatches,
  type TPatchBranch,
  type TPatchList,
} from "./patch-files";

const STALE = /everyone who reads this case/;

type TChecked = { ok: true; bytes: Uint8Array; patches: TPatch[] } | { ok: false; message: string };

/** Reads the chosen file and parses it as `git format-patch` output, before anything is encrypted or sent. */
async function checkFile(file: File, maxBytes: number): Promise<TChecked> {
  if (file.size === 0)
    return { ok: false, message: "This file is empty. Choose the .patch file git format-patch wrote." };
  if (file.size > maxBytes) {
    return {
      ok: false,
      message: `This file is ${formatSize(file.size)}; a patch may be at most ${formatSize(maxBytes)}.`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { parseFormatPatch } = await loadPatches();
  const parsed = parseFormatPatch(bytes, { maxBytes });
  if (!parsed.ok) {
    return {
      ok: false,
      message: `This is not a patch made by git format-patch, so it was not uploaded: ${parsed.error.message}`,
    };
  }
  return { ok: true, bytes, patches: parsed.patches };
}

/**
 * "Upload a new version" of one branch's patch: the file is parsed here first (a file that is not
 * `git format-patch` output is refused with the parser's reason), then encrypted here to the keys of everyone
 * who holds the case's patches now, and only the ciphertext is sent. Earlier versions are kept.
 */
export function UploadPatchForm({
  reportId,
  branch,
  list,
}: {
  reportId: string;
  branch: TPatchBranch;
  list: TPatchList;
}) {
  const router = useRouter();
  const id = `patch-file-${useId().replaceAll(":", "")}`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [checked, setChecked] = useState<TChecked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ message: string; attempt: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const withoutKey = list.readers.filter((r) => !r.key);
  const next = (branch.versions[0]?.version ?? 0) + 1;

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setStatus(null);
    setFailure(null);
    const file = event.target.files?.[0];
    if (!file) {
      setChecked(null);
      setError(null);
      return;
    }
    const result = await checkFile(file, list.maxPlaintextBytes).catch(
      (e: unknown): TChecked => ({ ok: false, message: errorMessage(e) }),
    );
    setChecked(result);
    setError(result.ok ? null : result.message);
  }

  const send = async (bytes: Uint8Array, readers: TPatchList["readers"]) => {
    const keys = readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : []));
    if (keys.length === 0)
      throw new Error("Nobody who reads this case has a key yet, so the patch cannot be encrypted.");
    const ciphertext = await (await loadCrypto()).encryptBytes(bytes, keys);
    return adminClient().patches.upload.mutate({
      reportId,
      branchId: branch.id,
      ciphertext: bytesToBase64(ciphertext),
    });
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    setFailure(null);
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setError("Choose the .patch file git format-patch wrote.");
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    try {
      // Checked again: the file may have changed on disk since it was chosen.
      const result = await checkFile(file, list.maxPlaintextBytes);
      setChecked(result);
      if (!result.ok) {
        setError(result.message);
        inputRef.current?.focus();
        return;
      }
      setError(null);
      let done: Awaited<ReturnType<typeof send>>;
      try {
        done = await send(result.bytes, list.readers);
      } catch (e) {
        // Someone joined (or changed keys) since the page loaded: encrypt once more to the readers of now.
        if (!STALE.test(errorMessage(e))) throw e;
        const fresh = await adminClient().patches.list.query({ reportId });
        done = await send(result.bytes, fresh.readers);
      }
      if (inputRef.current) inputRef.current.value = "";
      setChecked(null);
      setStatus(`Uploaded as version ${done.version}.`);
      router.refresh();
    } catch (e) {
      setFailure((f) => ({ message: errorMessage(e), attempt: (f?.attempt ?? 0) + 1 }));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-md border border-slate-200 p-3">
      <h4 className="font-semibold">
        Upload a new version{branch.versions.length > 0 ? ` (version ${next})` : ""}
      </h4>
      {failure ? (
        <Alert title="Not uploaded" focusKey={failure.attempt}>
          {failure.message}
        </Alert>
      ) : null}
      <Field
        id={id}
        label="Patch file"
        required
        hint={
          <>
            The output of <code>git format-patch</code> (one commit, or a series in one file), at most{" "}
            {formatSize(list.maxPlaintextBytes)}. It is checked and encrypted in this browser to the keys of
            everyone who reads this case's patches; the server never sees it in clear.
            {branch.versions.length > 0 ? " Earlier versions are kept." : ""}
          </>
        }
        error={error}
      >
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept=".patch,.diff,.txt,text/x-patch,text/x-diff,text/plain"
          onChange={(e) => void choose(e)}
          disabled={pending}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: true, error })}
          className={inputClass}
        />
      </Field>
      {checked?.ok ? (
        <p className="text-sm text-slate-700" data-testid="patch-file-check">
          {checked.patches.length === 1 ? "1 commit" : `${checked.patches.length} commits`}:{" "}
          {checked.patches.map((p) => `“${p.subject}”`).join(", ")}
        </p>
      ) : null}
      {withoutKey.length > 0 ? (
        <p className="text-sm text-slate-600">
          {withoutKey.map((r) => r.name).join(", ")} {withoutKey.length === 1 ? "has" : "have"} no key yet and
          will get the patch by a grant once they do.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Encrypting and uploading…" : "Upload"}
        </button>
        <span role="status" className="text-sm text-slate-700">
          {status}
        </span>
      </div>
    </form>
  );
}
