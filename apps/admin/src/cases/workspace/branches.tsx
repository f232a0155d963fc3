"use client";

import {
  Alert,
  DataTable,
  describedBy,
  Field,
  inputClass,
  LocalTime,
  secondaryButtonClass,
} from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { refusalOf, type Shown, shownText } from "./sealed";
import type { TWorkspace } from "./workspace-view";

type TBranch = TWorkspace["branches"][number];
type TCommit = TBranch["commits"][number];

const linkClass = "text-sm text-sky-700 underline disabled:cursor-not-allowed disabled:opacity-60";

/** The release branches the fix goes to, each with its fix commits and their LGTMs. */
export function Branches({
  workspace,
  titles,
  locked,
  onDone,
}: {
  workspace: TWorkspace;
  titles: Record<string, Shown>;
  locked: boolean;
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  /** Runs one row action (LGTM, withdraw, remove); `key` says which button is busy. */
  async function act(key: string, run: () => Promise<unknown>) {
    setPending(key);
    setError(null);
    try {
      await run();
      onDone();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(null);
    }
  }

  return (
    <section aria-labelledby="branches-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <div className="space-y-1">
        <h2 id="branches-heading" className="text-lg font-semibold">
          Release branches and fix commits
        </h2>
        <p className="text-sm text-slate-600">
          Every fix commit needs an LGTM from a maintainer other than its author before the fix is ready.
          Hashes, authors, links and LGTMs are visible to the case's people; titles are encrypted.
        </p>
      </div>
      {error ? <Alert title="Not changed">{error}</Alert> : null}
      {workspace.branches.length === 0 ? (
        <p className="text-slate-600">
          No release branch yet. Add each branch the fix goes to (for example master and release-1.11), then
          list its fix commits.
        </p>
      ) : (
        workspace.branches.map((branch) => (
          <Branch
            key={branch.id}
            workspace={workspace}
            branch={branch}
            titles={titles}
            locked={locked}
            pending={pending}
            act={act}
          />
        ))
      )}
      {workspace.may.edit ? <AddBranch reportId={workspace.reportId} onDone={onDone} /> : null}
    </section>
  );
}

function Branch({
  workspace,
  branch,
  titles,
  locked,
  pending,
  act,
}: {
  workspace: TWorkspace;
  branch: TBranch;
  titles: Record<string, Shown>;
  locked: boolean;
  pending: string | null;
  act: (key: string, run: () => Promise<unknown>) => Promise<void>;
}) {
  const { reportId, viewerId, may } = workspace;
  const client = adminClient().workspace;
  const removable = may.edit && branch.commits.length === 0 && !branch.hasPatch;
  const headingId = `branch-${branch.id}`;

  const actions = (c: TCommit) => {
    const mine = c.lgtms.some((l) => l.userId === viewerId);
    const busy = pending !== null;
    const buttons = [];
    if (may.lgtm && c.author.id !== viewerId && !mine) {
      buttons.push(
        <button
          key="lgtm"
          type="button"
          className={secondaryButtonClass}
          disabled={busy}
          onClick={() => void act(`lgtm-${c.id}`, () => client.lgtm.mutate({ reportId, commitId: c.id }))}
        >
          {pending === `lgtm-${c.id}` ? "Saving…" : "LGTM"}
          <span className="sr-only"> for {c.sha.slice(0, 12)}</span>
        </button>,
      );
    }
    if (may.lgtm && may.changeCommits && mine) {
      buttons.push(
        <button
          key="withdraw"
          type="button"
          className={linkClass}
          disabled={busy}
          onClick={() =>
            void act(`withdraw-${c.id}`, () => client.withdrawLgtm.mutate({ reportId, commitId: c.id }))
          }
        >
          {pending === `withdraw-${c.id}` ? "Withdrawing…" : "Withdraw my LGTM"}
          <span className="sr-only"> on {c.sha.slice(0, 12)}</span>
        </button>,
      );
    }
    if (may.changeCommits) {
      buttons.push(
        <button
          key="remove"
          type="button"
          className={linkClass}
          disabled={busy}
          onClick={() => {
            if (!window.confirm(`Remove the commit ${c.sha.slice(0, 12)} and its LGTMs from ${branch.name}?`))
              return;
            void act(`remove-${c.id}`, () => client.removeCommit.mutate({ reportId, commitId: c.id }));
          }}
        >
          {pending === `remove-${c.id}` ? "Removing…" : "Remove"}
          <span className="sr-only"> the commit {c.sha.slice(0, 12)}</span>
        </button>,
      );
    }
    const own =
      c.author.id === viewerId && may.lgtm && !c.counted ? (
        <span className="text-sm text-slate-600">Your commit: another maintainer gives the LGTM.</span>
      ) : null;
    if (buttons.length === 0) return own;
    return (
      <div className="space-y-1">
        {own}
        <div className="flex flex-wrap items-center gap-2">{buttons}</div>
      </div>
    );
  };

  return (
    <section aria-labelledby={headingId} className="space-y-2" data-testid="release-branch">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={headingId} className="font-mono text-base font-semibold">
          {branch.name}
        </h3>
        <span className="text-sm text-slate-600">
          {branch.releaseVersion ? `released as ${branch.releaseVersion}` : "release version not set yet"}
          {branch.hasPatch ? " · patch uploaded" : ""}
        </span>
        {removable ? (
          <button
            type="button"
            className={linkClass}
            disabled={pending !== null}
            onClick={() =>
              void act(`branch-${branch.id}`, () =>
                adminClient().workspace.removeBranch.mutate({ reportId, branchId: branch.id }),
              )
            }
          >
            {pending === `branch-${branch.id}` ? "Removing…" : "Remove branch"}
            <span className="sr-only"> {branch.name}</span>
          </button>
        ) : null}
      </div>
      <DataTable
        caption={`Fix commits on ${branch.name}`}
        rowKey={(c) => c.id}
        rowTestId="fix-commit"
        rows={branch.commits}
        empty={
          <p>
            No fix commit on {branch.name} yet.
            {may.changeCommits ? " Add one with the form below." : ""}
          </p>
        }
        columns={[
          {
            header: "Commit",
            className: "whitespace-nowrap font-mono",
            cell: (c) =>
              c.url ? (
                <a
                  href={c.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="text-sky-700 underline"
                  title={c.sha}
                >
                  {c.sha.slice(0, 12)}
                </a>
              ) : (
                <span title={c.sha}>{c.sha.slice(0, 12)}</span>
              ),
          },
          {
            header: "Title",
            className: "min-w-48 wrap-anywhere",
            cell: (c) => <span data-testid="fix-commit-title">{shownText(titles[c.id], locked)}</span>,
          },
          { header: "Author", cell: (c) => c.author.name },
          {
            header: "LGTMs",
            className: "min-w-48",
            cell: (c) =>
              c.lgtms.length === 0 ? (
                <span className="text-slate-600">None yet</span>
              ) : (
                <ul className="space-y-1">
                  {c.lgtms.map((l) => (
                    <li key={l.userId}>
                      {l.name}
                      {l.userId === c.author.id ? " (author)" : ""}
                      <br />
                      <LocalTime at={l.at} className="text-xs" />
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            header: "Status",
            className: "min-w-40",
            cell: (c) =>
              c.counted ? (
                <span className="font-medium text-green-800">
                  <span aria-hidden="true">✓ </span>Reviewed
                </span>
              ) : (
                <span className="text-amber-900">Needs an LGTM from someone other than {c.author.name}</span>
              ),
          },
          // Nothing to do here once the workspace is a record (after the release).
          ...(may.lgtm || may.changeCommits ? [{ header: "Actions", cell: actions }] : []),
        ]}
      />
    </section>
  );
}

function AddBranch({ reportId, onDone }: { reportId: string; onDone: () => void }) {
  const id = "branch-name";
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) return setError("Enter the branch name, like release-1.11 or master.");
    setPending(true);
    setError(null);
    try {
      await adminClient().workspace.addBranch.mutate({ reportId, name: name.trim() });
      setName("");
      onDone();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={pending || undefined}
      className="flex flex-wrap items-end gap-2 border-t border-slate-200 pt-4"
    >
      <div className="min-w-48 flex-1">
        <Field
          id={id}
          label="Add a release branch"
          required
          hint="As git names it: master, release-1.11, stable/v2."
          error={error}
        >
          <input
            id={id}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, { hint: true, error })}
            className={`${inputClass} font-mono`}
            readOnly={pending}
          />
        </Field>
      </div>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        {pending ? "Adding…" : "Add branch"}
      </button>
    </form>
  );
}
