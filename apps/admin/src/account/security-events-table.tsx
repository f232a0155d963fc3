import { DataTable } from "@disclose/ui";
import { EventTime } from "~/audit/event-time";
import type { TSecurityEvent } from "./types";

/** The person's recent security events: when (UTC), what, and from which device and address, when known. */
export function SecurityEventsTable({ events }: { events: TSecurityEvent[] }) {
  return (
    <DataTable
      caption={`Your last ${events.length} security events, newest first. Times in UTC.`}
      rows={events}
      rowKey={(e) => e.id}
      rowTestId="security-event-row"
      empty="Nothing yet: sign-ins, second factors and key changes will be listed here."
      columns={[
        { header: "When (UTC)", cell: (e) => <EventTime at={e.occurredAt} />, className: "w-32" },
        {
          header: "What",
          cell: (e) => (
            <>
              <span className="block">{e.label}</span>
              {e.byOther ? <span className="block text-slate-600">by {e.byOther}</span> : null}
            </>
          ),
        },
        {
          header: "From",
          cell: (e) =>
            e.device || e.address ? (
              <>
                {e.device ? <span className="block">{e.device}</span> : null}
                {e.address ? <span className="block break-all text-slate-600">{e.address}</span> : null}
              </>
            ) : (
              <span className="text-slate-500">Not known</span>
            ),
        },
      ]}
    />
  );
}
