"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { refusalOf, STALE, sealTo, withoutKeyNote } from "./sealed";
import type { TWorkspace } from "./workspace-view";

type FieldKey = "branchId" | "sha" | "authorId" | "title" | "url";
const SERVER_FIELDS: Record<string, FieldKey> = {
  branchId: "branchId",
  sha: "sha",
  authorId: "authorId",
  titleCiphertext: "title",
  url: "url",
};
const ids: Record<FieldKey, string> = {
  branchId: "commit-branch",
  sha: "commit-sha",
  authorId: "commit-author",
  title: "commit-title",
  url: "commit-url",
};

/**
 * "Add a fix commit": its hash, author and link are metadata; its title is encrypted here, in this browser, to
 * exactly the people who read the case now (it can say too much about the vulnerability).
 */
export function AddCommitForm({ workspace, onDone }: { workspace: TWorkspace; onDone: () => void }) {
  const firstBranch = workspace.branches.length === 1 ? (workspace.branches[0]?.id ?? "") : "";
  const me = workspace.maintainers.some((m) => m.id === workspace.viewerId) ? workspace.viewerId : "";
  const [values, setValues] = useState<Record<FieldKey, string>>({
    branchId: firstBranch,
    sha: "",
    authorId: me,
    title: "",
    url: "",
  });
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const set = (key: FieldKey) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function check(): Partial<Record<FieldKey, string>> {
    const found: Partial<Record<FieldKey, string>> = {};
    if (!values.branchId) found.branchId = "Choose the release branch.";
    const sha = values.sha.trim();
    if (!sha) found.sha = "Enter the commit hash.";
    else if (!/^[0-9a-fA-F]{7,64}$/.test(sha)) found.sha = "A commit hash is 7 to 64 hex digits (0-9, a-f).";
    if (!values.authorId) found.authorId = "Choose the commit's author.";
    if (!values.title.trim()) found.title = "Enter the commit's title.";
    const url = values.url.trim();
    if (url && !url.startsWith("https://")) found.url = "The link must be an https:// address.";
    return found;
  }

  async function add(readers: TWorkspace["readers"]) {
    const url = values.url.trim();
    await adminClient().workspace.addCommit.mutate({
      reportId: workspace.reportId,
      branchId: values.branchId,
      sha: values.sha.trim(),
      authorId: values.authorId,
      titleCiphertext: await sealTo(values.title.trim(), readers),
      ...(url ? { url } : {}),
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setAttempt((n) => n + 1);
    setStatus(null);
    setFormError(null);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = (Object.keys(ids) as FieldKey[]).find((k) => found[k]);
      if (first) document.getElementById(ids[first])?.focus();
      return;
    }
    setPending(true);
    try {
      try {
        await add(workspace.readers);
      } catch (e) {
        // Someone joined (or changed keys) since the page loaded: encrypt once more to the readers of now.
        if (!STALE.test(refusalOf(e).message)) throw e;
        const fresh = await adminClient().workspace.get.query({ reportId: workspace.reportId });
        await add(fresh.readers);
      }
      setValues((v) => ({ ...v, sha: "", title: "", url: "" }));
      setStatus("Commit added.");
      onDone();
    } catch (e) {
      const { field, message } = refusalOf(e);
      const key = field ? SERVER_FIELDS[field] : undefined;
      if (key) {
        setErrors({ [key]: message });
        document.getElementById(ids[key])?.focus();
      } else {
        setFormError(message);
      }
    } finally {
      setPending(false);
    }
  }

  const keyless = withoutKeyNote(workspace.readers, "the titles");
  const props = (key: FieldKey, hint: boolean) => ({
    id: ids[key],
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": describedBy(ids[key], { hint, error: errors[key] }),
    className: inputClass,
    disabled: pending,
  });

  return (
    <section aria-labelledby="add-commit-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="add-commit-heading" className="text-lg font-semibold">
        Add a fix commit
      </h2>
      <form onSubmit={submit} noValidate aria-busy={pending || undefined} className="space-y-3">
        {formError ? (
          <Alert title="The commit was not added" focusKey={attempt}>
            {formError}
          </Alert>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={ids.branchId} label="Release branch" required error={errors.branchId}>
            <select
              {...props("branchId", false)}
              value={values.branchId}
              onChange={(e) => set("branchId")(e.target.value)}
            >
              <option value="">Choose a branch…</option>
              {workspace.branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={ids.sha}
            label="Commit hash"
            required
            hint="7 to 64 hex digits, as git log shows it."
            error={errors.sha}
          >
            <input
              {...props("sha", true)}
              className={`${inputClass} font-mono`}
              value={values.sha}
              onChange={(e) => set("sha")(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
            />
          </Field>
          <Field
            id={ids.authorId}
            label="Author"
            required
            hint="A PST member or someone on this case's Fix Team. Another maintainer gives the LGTM."
            error={errors.authorId}
          >
            <select
              {...props("authorId", true)}
              value={values.authorId}
              onChange={(e) => set("authorId")(e.target.value)}
            >
              <option value="">Choose the author…</option>
              {workspace.maintainers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.id === workspace.viewerId ? " (you)" : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={ids.url}
            label="Link to the commit"
            hint="An https:// address in the private repository or fork."
            error={errors.url}
          >
            <input
              {...props("url", true)}
              type="url"
              inputMode="url"
              value={values.url}
              onChange={(e) => set("url")(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={500}
            />
          </Field>
        </div>
        <Field
          id={ids.title}
          label="Title"
          required
          hint="The commit's subject line. Encrypted in this browser to the keys of everyone who reads this case now."
          error={errors.title}
        >
          <input
            {...props("title", true)}
            value={values.title}
            onChange={(e) => set("title")(e.target.value)}
            autoComplete="off"
            maxLength={1000}
          />
        </Field>
        {keyless ? <p className="text-sm text-slate-600">{keyless}</p> : null}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Encrypting and adding…" : "Add the commit"}
          </button>
          <span role="status" className="text-sm text-slate-600">
            {status}
          </span>
        </div>
      </form>
    </section>
  );
}
