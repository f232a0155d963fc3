"use client";

import type { AdminRouter } from "@disclose/api";
import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";
import { AddCommitForm } from "./add-commit-form";
import { Branches } from "./branches";
import { CaseNotes } from "./case-notes";
import { decryptItems, refusalOf, type Shown } from "./sealed";

export type TWorkspace = inferRouterOutputs<AdminRouter>["workspace"]["get"];

/**
 * The case's private fix workspace: where the fix is made, the release branches and their fix commits with
 * LGTMs, "Mark fix ready" under the domain's guard, and the internal notes. Hashes, authors, links and LGTMs are
 * metadata; commit titles and notes are decrypted here with the tab's unlocked key.
 */
export function WorkspaceView({ workspace }: { workspace: TWorkspace }) {
  const router = useRouter();
  const keyring = useKeyring();
  const keys = keyring.keys;
  const locked = keyring.status !== "unlocked";
  const [titles, setTitles] = useState<Record<string, Shown>>({});

  useEffect(() => {
    if (keys.length === 0) return;
    let live = true;
    const commits = workspace.branches.flatMap((b) =>
      b.commits.map((c) => ({ id: c.id, ciphertext: c.title })),
    );
    void decryptItems(commits, keys).then((result) => {
      if (live) setTitles(result);
    });
    return () => {
      live = false;
    };
  }, [workspace, keys]);

  const refresh = () => router.refresh();
  return (
    <div className="space-y-6">
      {locked ? (
        <UnlockPanel title="Unlock your key to read commit titles and notes">
          <p className="text-sm text-slate-600">
            Commit titles and notes are end-to-end encrypted and decrypted here with your private key; the
            passphrase is asked once in this tab and never leaves it. Hashes, authors, links and LGTMs show
            without it, and you can add commits and notes while the key is locked.
          </p>
        </UnlockPanel>
      ) : null}
      <FixReady workspace={workspace} onDone={refresh} />
      <Repository workspace={workspace} onDone={refresh} />
      <Branches workspace={workspace} titles={titles} locked={locked} onDone={refresh} />
      {workspace.may.changeCommits && workspace.branches.length > 0 ? (
        <AddCommitForm workspace={workspace} onDone={refresh} />
      ) : null}
      <CaseNotes reportId={workspace.reportId} topic="workspace" unlockElsewhere />
    </div>
  );
}

/** Where the fix stands, and "Mark fix ready" for whoever may, with the domain's reason while it is not possible. */
function FixReady({ workspace, onDone }: { workspace: TWorkspace; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const commits = workspace.branches.flatMap((b) => b.commits);
  const counted = commits.filter((c) => c.counted).length;
  const { markFixReady, state, reportId } = workspace;

  async function mark() {
    setPending(true);
    setError(null);
    try {
      await adminClient().cases.decide.mutate({ reportId, command: { type: "mark-fix-ready" } });
      onDone();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }

  const summary =
    commits.length === 0
      ? "No fix commit yet."
      : `${counted} of ${commits.length} fix ${commits.length === 1 ? "commit has" : "commits have"} an LGTM from a maintainer other than ${commits.length === 1 ? "its" : "their"} author.`;
  return (
    <section aria-labelledby="fix-ready-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="fix-ready-heading" className="text-lg font-semibold">
        The fix
      </h2>
      <p data-testid="fix-status">{summary}</p>
      {error ? <Alert title="Not marked ready">{error}</Alert> : null}
      {state === "accepted" ? (
        <p className="text-sm text-slate-600">
          Fix development has not started.{" "}
          <Link href={`/reports/${reportId}`} className="text-sky-700 underline">
            Start it on the overview
          </Link>{" "}
          (the Fix Lead does); commits can be listed here meanwhile.
        </p>
      ) : markFixReady.applies ? (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className={buttonClass}
            disabled={!markFixReady.allowed || pending}
            aria-describedby={markFixReady.reason ? "fix-ready-reason" : undefined}
            onClick={() => void mark()}
          >
            {pending ? "Marking…" : "Mark fix ready"}
          </button>
          {markFixReady.reason ? (
            <p id="fix-ready-reason" className="text-sm text-slate-700">
              {markFixReady.reason}
            </p>
          ) : null}
        </div>
      ) : state === "fix-in-progress" ? (
        <p className="text-sm text-slate-600">{markFixReady.reason}</p>
      ) : (
        <p className="text-sm text-slate-600">
          The fix is marked ready. Its commits no longer change; to change them, reopen fix development on the
          overview.
        </p>
      )}
    </section>
  );
}

/** The private repository, branch or GitHub temporary private fork where the fix is made. */
function Repository({ workspace, onDone }: { workspace: TWorkspace; onDone: () => void }) {
  const id = "repository-url";
  const [value, setValue] = useState(workspace.repositoryUrl ?? "");
  const [editing, setEditing] = useState(workspace.repositoryUrl === null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function save(repositoryUrl: string | null) {
    setPending(true);
    setError(null);
    try {
      await adminClient().workspace.setRepository.mutate({ reportId: workspace.reportId, repositoryUrl });
      setEditing(repositoryUrl === null);
      if (repositoryUrl === null) setValue("");
      onDone();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const url = value.trim();
    if (!url) return setError("Enter the repository's https:// address.");
    if (!url.startsWith("https://")) return setError("The repository's address must start with https://.");
    void save(url);
  }

  return (
    <section aria-labelledby="repository-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="repository-heading" className="text-lg font-semibold">
        Private repository
      </h2>
      {workspace.repositoryUrl ? (
        <p className="wrap-anywhere">
          <a
            href={workspace.repositoryUrl}
            target="_blank"
            rel="noopener noreferrer"
            className="text-sky-700 underline"
            data-testid="repository-link"
          >
            {workspace.repositoryUrl}
          </a>
        </p>
      ) : (
        <p className="text-slate-600">
          Not recorded yet. Work in a private repository or branch, or a GitHub temporary private fork of a
          draft security advisory, never in public.
        </p>
      )}
      {workspace.may.edit && editing ? (
        <form onSubmit={submit} noValidate aria-busy={pending || undefined} className="space-y-3">
          <Field
            id={id}
            label="Repository, branch or private fork address"
            required
            hint="An https:// address, for example https://github.com/org/project-ghsa-xxxx-xxxx-xxxx. No token or password in it."
            error={error}
          >
            <input
              id={id}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              maxLength={500}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(id, { hint: true, error })}
              className={inputClass}
              readOnly={pending}
            />
          </Field>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={buttonClass} disabled={pending}>
              {pending ? "Saving…" : "Save the address"}
            </button>
            {workspace.repositoryUrl ? (
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={pending}
                onClick={() => {
                  setValue(workspace.repositoryUrl ?? "");
                  setError(null);
                  setEditing(false);
                }}
              >
                Cancel
              </button>
            ) : null}
          </div>
        </form>
      ) : workspace.may.edit ? (
        <div className="flex flex-wrap gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => setEditing(true)}>
            Change the address
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={pending}
            onClick={() => void save(null)}
          >
            {pending ? "Clearing…" : "Clear it"}
          </button>
          {error ? <Alert title="Not changed">{error}</Alert> : null}
        </div>
      ) : null}
    </section>
  );
}
