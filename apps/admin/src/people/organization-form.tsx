"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { checkName, problemOf } from "./problem";

/** An admin adds a distributor organisation, so its members can be invited. */
export function OrganizationForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    setFailure(null);
    const error = checkName(name, { min: 2, max: 100, what: "the organisation's name" });
    setFieldError(error);
    if (error) return;
    setPending(true);
    try {
      const organization = await adminClient().users.organizations.create.mutate({ name });
      setName("");
      setDone(`${organization.name} was added.`);
      router.refresh();
    } catch (e) {
      const problem = problemOf(e);
      // Kept as typed: the admin corrects the name rather than retyping it.
      if (problem.field === "name") setFieldError(problem.message);
      else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={pending}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      {failure ? (
        <Alert title="The organisation was not added" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      <Field
        id="organization-name"
        label="Organisation name"
        hint="As the distributor is known, for example “Debian” or “Red Hat”. Names are unique, whatever their case."
        required
        error={fieldError}
      >
        <input
          id="organization-name"
          name="name"
          autoComplete="organization"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describedBy("organization-name", { hint: true, error: fieldError })}
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Adding…" : "Add organisation"}
      </button>
    </form>
  );
}
