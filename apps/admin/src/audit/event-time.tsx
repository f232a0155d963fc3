import { formatUtc } from "@disclose/domain";

/** When an audit event happened, in UTC: the date and the time on their own lines, so a narrow screen keeps room. */
export function EventTime({ at }: { at: Date }) {
  return (
    <time dateTime={at.toISOString()} title={formatUtc(at)}>
      <span className="block whitespace-nowrap">{at.toISOString().slice(0, 10)}</span>
      <span className="block whitespace-nowrap text-slate-600">{at.toISOString().slice(11, 19)}</span>
    </time>
  );
}
