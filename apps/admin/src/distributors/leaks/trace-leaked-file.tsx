"use client";

import { findMarkInFileName, findMarkInText } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { refusalOf } from "~/cases/workspace/sealed";
import { adminClient } from "~/trpc/client";

/** Larger files are not patches; reading them would only hang the tab. */
const MAX_BYTES = 50 * 1024 * 1024;

type Outcome =
  | { kind: "no-mark" }
  | { kind: "found"; mark: string; organization: { name: string; status: string } | null };

/**
 * "Trace a leaked file": this browser reads the file and looks for a copy's mark (its trailer line, else its file
 * name); only the mark goes to the server, which says which organisation's copies carry it. The file never leaves
 * this browser.
 */
export function TraceLeakedFile() {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState(false);

  async function trace(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome(null);
    if (!file) return setError("Choose the leaked file first.");
    if (file.size > MAX_BYTES) return setError("This file is larger than 50 MB: it is not a patch copy.");
    setError(null);
    setPending(true);
    try {
      const mark = findMarkInText(await file.text()) ?? findMarkInFileName(file.name);
      if (!mark) return setOutcome({ kind: "no-mark" });
      const { organization } = await adminClient().distributorLeaks.traceMark.mutate({ mark });
      setOutcome({ kind: "found", mark, organization });
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={trace} noValidate className="space-y-3" aria-busy={pending || undefined}>
      <Field
        id="trace-file"
        label="Leaked file"
        required
        hint="Read in this browser only: the file is never uploaded, only the mark found in it is looked up."
        error={error}
      >
        <input
          id="trace-file"
          type="file"
          className={inputClass}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("trace-file", { hint: true, error })}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Looking…" : "Trace the file"}
      </button>
      <div role="status">
        {outcome?.kind === "no-mark" ? (
          <Alert title="No mark found" tone="info">
            This file carries no distributor mark. That proves nothing: a careful leaker can strip the mark
            from the text and rename the file.
          </Alert>
        ) : outcome?.kind === "found" ? (
          outcome.organization ? (
            <Alert title={`This is ${outcome.organization.name}'s copy`} tone="info">
              Mark <code>{outcome.mark}</code> belongs to {outcome.organization.name} (status on the list:{" "}
              {outcome.organization.status}). A mark can be copied into another file, so treat it as strong
              evidence, not proof.
            </Alert>
          ) : (
            <Alert title="Unknown mark" tone="info">
              Mark <code>{outcome.mark}</code> belongs to no organisation on the list.
            </Alert>
          )
        ) : null}
      </div>
    </form>
  );
}
