import { type CaseState, TERMINAL_STATES } from "../cases/states";
import { type Instant, toEpochMs } from "../time/utc";

/** The policy leaves the acknowledgement window to the team; 2 days unless an admin sets another. */
export const DEFAULT_ACK_DEADLINE_HOURS = 48;

export interface TAcknowledgementClock {
  /** Open public disclosure: every deadline is now (top of every list). */
  asap: boolean;
  /** When the report must be acknowledged; null once it is, or once triage decided it. */
  dueAt: Date | null;
  overdue: boolean;
}

/**
 * The inbox's acknowledgement clock for one report: due `ackDeadlineHours` after arrival, or at arrival for a
 * public disclosure (the policy: "all timelines become ASAP").
 */
export function acknowledgementClock(
  report: { receivedAt: Instant; isPublic: boolean; state: CaseState; acknowledged: boolean },
  ackDeadlineHours: number,
  now: Instant,
): TAcknowledgementClock {
  const received = toEpochMs(report.receivedAt);
  const pending = report.state === "received" && !report.acknowledged;
  const dueMs = report.isPublic ? received : received + ackDeadlineHours * 3_600_000;
  return {
    asap: report.isPublic && !TERMINAL_STATES.includes(report.state),
    dueAt: pending ? new Date(dueMs) : null,
    overdue: pending && dueMs <= toEpochMs(now),
  };
}
