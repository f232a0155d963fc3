"use client";

import { formatUtc } from "@disclose/domain";
import { useEffect, useState } from "react";

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * A moment in the viewer's own time zone with its UTC form beside it (deadlines and embargoes are agreed in UTC).
 * The server knows only UTC, so the first render shows UTC alone and the browser adds the local time.
 */
export function LocalTime({ at, className }: { at: Date | string; className?: string }) {
  const date = typeof at === "string" ? new Date(at) : at;
  const [local, setLocal] = useState<string | null>(null);
  const ms = date.getTime();
  useEffect(() => setLocal(localFormat.format(new Date(ms))), [ms]);
  return (
    <time dateTime={date.toISOString()} className={className}>
      {local ? (
        <>
          {local} <span className="text-slate-500">({formatUtc(date)})</span>
        </>
      ) : (
        formatUtc(date)
      )}
    </time>
  );
}
