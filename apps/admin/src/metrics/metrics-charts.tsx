"use client";

import { useHydrated } from "@disclose/ui";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

// The charts are a picture of the tables beside them: hidden from screen readers (the tables carry the same
// figures), drawn only in the browser (they measure their box).

const DAY_MS = 86_400_000;

/** Short names for the axis: the tables beside the charts give the full ones. */
const SHORT_LABELS: Record<string, string> = {
  acknowledged: "Acknowledged",
  "fix-team-formed": "Team formed",
  "fix-developed": "Fix ready",
  "users-notified": "Notice",
  "distributors-notified": "Distributors",
  released: "Released",
};
const shortLabel = (m: { id: string; label: string }) => SHORT_LABELS[m.id] ?? m.label;
/** Slanted axis labels: six names fit a phone's width that way. */
const slanted = { fontSize: 11, angle: -30, textAnchor: "end" } as const;
const days = (ms: number | null) => (ms === null ? null : Math.round((ms / DAY_MS) * 10) / 10);
const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function ChartBox({
  title,
  children,
  tall = false,
}: {
  title: string;
  children: React.ReactElement;
  tall?: boolean;
}) {
  const hydrated = useHydrated();
  return (
    <figure
      aria-hidden="true"
      className={`${tall ? "h-96" : "h-64"} w-full min-w-0 rounded-lg bg-white p-2 shadow-sm`}
      data-testid="metrics-chart"
      title={title}
    >
      {hydrated ? (
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      ) : null}
    </figure>
  );
}

/** Median and 90th percentile, in days from the report's arrival, per milestone. */
export function DurationsChart({
  milestones,
}: {
  milestones: { id: string; label: string; duration: { medianMs: number | null; p90Ms: number | null } }[];
}) {
  const data = milestones.map((m) => ({
    name: shortLabel(m),
    median: days(m.duration.medianMs),
    p90: days(m.duration.p90Ms),
  }));
  return (
    <ChartBox title="Days from the report to each milestone">
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={slanted} interval={0} height={64} />
        <YAxis unit=" d" width={48} />
        <Tooltip />
        <Legend />
        <Bar dataKey="median" name="Median (days)" fill="#0369a1" />
        <Bar dataKey="p90" name="90th percentile (days)" fill="#7dd3fc" />
      </BarChart>
    </ChartBox>
  );
}

/** On-time share per milestone, against the policy's windows. */
export function OnTimeChart({
  milestones,
}: {
  milestones: { id: string; label: string; policy: { onTimeRate: number | null } }[];
}) {
  const data = milestones.map((m) => ({ name: shortLabel(m), onTime: percent(m.policy.onTimeRate) }));
  return (
    <ChartBox title="On time against the policy (%)">
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={slanted} interval={0} height={64} />
        <YAxis unit="%" domain={[0, 100]} width={48} />
        <Tooltip />
        <Bar dataKey="onTime" name="On time (%)" fill="#15803d" />
      </BarChart>
    </ChartBox>
  );
}

/** Reports received and released per month of arrival, with the median time to release. */
export function MonthlyChart({
  monthly,
}: {
  monthly: { month: string; received: number; released: number; medianTimeToReleaseMs: number | null }[];
}) {
  const data = monthly.map((m) => ({
    month: m.month,
    received: m.received,
    released: m.released,
    median: days(m.medianTimeToReleaseMs),
  }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartBox title="Reports received and released, by month of arrival">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          <Bar dataKey="received" name="Received" fill="#64748b" />
          <Bar dataKey="released" name="Released" fill="#0369a1" />
        </BarChart>
      </ChartBox>
      <ChartBox title="Median days to release, by month of arrival">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} />
          <YAxis unit=" d" width={48} />
          <Tooltip />
          <Legend />
          <Line dataKey="median" name="Median days to release" stroke="#b45309" connectNulls />
        </LineChart>
      </ChartBox>
    </div>
  );
}

/** The share of cases that met each Vultron desideratum (met / decided). */
export function VultronChart({ vultron }: { vultron: { id: string; shareMet: number | null }[] }) {
  const data = vultron.map((v) => ({ name: v.id.replace("-before-", " ≺ "), met: percent(v.shareMet) }));
  return (
    <ChartBox title="Desired orderings met (%)" tall>
      <BarChart
        accessibilityLayer={false}
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" unit="%" domain={[0, 100]} />
        <YAxis type="category" dataKey="name" width={56} tick={{ fontSize: 11 }} interval={0} />
        <Tooltip />
        <Bar dataKey="met" name="Met (%)" fill="#6d28d9" />
      </BarChart>
    </ChartBox>
  );
}
