import { FieldError, fieldIds } from "@disclose/ui";
import { Fingerprint, type TMyKey } from "./format";

/** Rotation is explicit: the person confirms that their current key is retired by the new one. */
export function ReplacingNotice({
  id,
  current,
  checked,
  onChange,
  error,
}: {
  id: string;
  current: TMyKey;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}) {
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
      <p>
        This replaces your current key <Fingerprint value={current.fingerprint} />. It will be retired: new
        reports go to the new key only, and the old one stays here, locked, so you can still read the reports
        sent to it.
      </p>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          className="mt-1"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? fieldIds(id).error : undefined}
        />
        <label htmlFor={id}>Retire my current key when the new one is registered</label>
      </div>
      <FieldError id={fieldIds(id).error} error={error} />
    </div>
  );
}
