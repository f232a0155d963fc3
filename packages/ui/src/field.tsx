import type { ReactNode } from "react";

/** Ids of a field's hint and error, so the input can point at both with aria-describedby. */
export function fieldIds(id: string) {
  return { hint: `${id}-hint`, error: `${id}-error` };
}

/** aria-describedby for a field: its hint (when it has one) and its error (when there is one). */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | null | undefined }) {
  const ids = fieldIds(id);
  const parts = [opts.hint ? ids.hint : null, opts.error ? ids.error : null].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  children: ReactNode;
}

/** A label, an optional hint and an optional error around one control; ids follow fieldIds(id). */
export function Field({ id, label, hint, error, required, children }: FieldProps) {
  const ids = fieldIds(id);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
        {required ? (
          <span className="ml-1 text-sm font-normal text-slate-500">(required)</span>
        ) : (
          <span className="ml-1 text-sm font-normal text-slate-500">(optional)</span>
        )}
      </label>
      {hint ? (
        <p id={ids.hint} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={ids.error} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="text-sm font-medium text-red-700">
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}

/** Shared classes: inputs grow to the container, so the form works at 320 px. */
export const inputClass =
  "block w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 text-base shadow-sm aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-600 disabled:bg-slate-100";

export const buttonClass =
  "inline-flex items-center justify-center gap-2 rounded-md bg-sky-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-60";

export const secondaryButtonClass =
  "inline-flex items-center justify-center gap-2 rounded-md border border-slate-400 bg-white px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60";
