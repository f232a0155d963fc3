"use client";

import type { CvssMetricDefinition, CvssScore, CvssVersion } from "@disclose/domain";
import { type ReactNode, useEffect, useId, useMemo, useState } from "react";
import { describedBy, FieldError, fieldIds, inputClass, secondaryButtonClass } from "../field";
import {
  type CvssCalculatorState,
  type CvssEvaluation,
  type CvssRules,
  chooseMetric,
  differingMetrics,
  evaluate,
  evaluateVector,
  initialState,
  type Selections,
  SWITCH_VERSIONS,
  switchVersion,
  switchVersionOf,
  typeText,
} from "./cvss-model";

/** The domain's CVSS rules, loaded when first needed (the scoring library is not small). */
let loading: Promise<CvssRules> | undefined;
function loadRules(): Promise<CvssRules> {
  loading ??= import("@disclose/domain");
  return loading;
}

const GROUP_TITLES: Record<string, string> = {
  temporal: "Temporal metrics",
  threat: "Threat metrics",
  environmental: "Environmental metrics",
  supplemental: "Supplemental metrics (do not change the score)",
};

const DEFAULT_HINT = (
  <>
    If you have scored the issue, paste the vector, e.g.{" "}
    <code className="break-all">CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</code>. CVSS 3.0, 3.1 and 4.0 are
    accepted. The Fix Lead makes the final call on the score.
  </>
);

export interface CvssCalculatorProps {
  /** The text field's id (and the prefix of the calculator's ids). */
  id?: string;
  /** The form field the vector posts as; leave it out for a calculator that posts nothing. */
  name?: string;
  label?: ReactNode;
  hint?: ReactNode;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  /** The value to start from (e.g. what was submitted before an error). */
  defaultValue?: string;
  /** An error from the server for this field. */
  error?: string | null;
  /** The reporter's vector, shown read-only beside the calculator with its score and a "use it" action. */
  reporterVector?: string | null;
  /** Closed behind "Open the CVSS calculator" until asked for (the portal); open from the start otherwise. */
  collapsible?: boolean;
  /** Called with the text after every change (typed, picked, switched or taken from the reporter). */
  onVectorChange?: (vector: string) => void;
}

/**
 * A CVSS vector: a text field that works without JavaScript and, once hydrated, a calculator for CVSS 3.1 and
 * 4.0 built from the domain's metric definitions, kept in step with the text both ways. Validation, messages
 * and scores are the domain's. The score stays in view while metrics are picked and is announced politely.
 */
export function CvssCalculator({
  id = "cvssVector",
  name,
  label = "CVSS vector",
  hint = DEFAULT_HINT,
  optional = false,
  defaultValue = "",
  error,
  reporterVector,
  collapsible = false,
  onVectorChange,
}: CvssCalculatorProps) {
  const [mounted, setMounted] = useState(false);
  const [rules, setRules] = useState<CvssRules | null>(null);
  const [state, setState] = useState<CvssCalculatorState>(() => initialState(null, defaultValue));
  const uid = useId();
  const ids = fieldIds(id);
  const resultId = `${id}-result`;
  // The calculator needs JavaScript; until hydrated only the text field is shown.
  useEffect(() => setMounted(true), []);

  function ensureLoaded() {
    if (rules) return;
    loadRules()
      .then((loaded) => {
        setRules(loaded);
        // Whatever was typed while the rules loaded sets the radios now.
        setState((s) => typeText(loaded, s, s.text));
      })
      .catch(() => {
        // Offline or a failed chunk: the field still takes a vector; the server validates it.
      });
  }

  // A vector kept from an earlier attempt, a reporter's vector, or an open calculator: load at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount.
  useEffect(() => {
    if (defaultValue || reporterVector || !collapsible) ensureLoaded();
  }, []);

  function update(next: CvssCalculatorState) {
    setState(next);
    if (next.text !== state.text) onVectorChange?.(next.text);
  }

  function onType(text: string) {
    if (rules) update(typeText(rules, state, text));
    else update({ ...state, text });
    ensureLoaded();
  }

  const evaluation = useMemo<CvssEvaluation>(
    () => (rules ? evaluate(rules, state) : { kind: "empty" }),
    [rules, state],
  );
  const localError = evaluation.kind === "invalid" ? evaluation.message : null;
  const shownError = localError ?? (state.text === defaultValue ? error : null);
  const nomenclature =
    rules && evaluation.kind === "scored" && evaluation.score.version === "4.0"
      ? rules.cvssNomenclature(evaluation.score.vector)
      : null;

  const reporter =
    reporterVector && mounted ? (
      <ReporterVector
        rules={rules}
        vector={reporterVector}
        current={state}
        inUse={state.text.trim() === reporterVector.trim()}
        onUse={() => rules && update(typeText(rules, state, reporterVector))}
      />
    ) : null;

  // A vector is one long word: it, and any message quoting it, must wrap rather than widen a 390 px page.
  return (
    <div className="min-w-0 space-y-3 wrap-anywhere">
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium">
          {label}
          {optional ? <span className="ml-1 text-sm font-normal text-slate-500">(optional)</span> : null}
        </label>
        {hint ? (
          <p id={ids.hint} className="text-sm text-slate-600">
            {hint}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type="text"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono text-sm`}
          value={state.text}
          onFocus={ensureLoaded}
          onChange={(e) => onType(e.target.value)}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={[
            describedBy(id, { hint: Boolean(hint), error: shownError }),
            mounted ? resultId : null,
          ]
            .filter(Boolean)
            .join(" ")}
        />
        <FieldError id={ids.error} error={shownError} />
        {/* The one live region: the sticky panel below repeats it for the eye, not for the ear. */}
        {mounted ? (
          <p id={resultId} aria-live="polite" className="text-sm">
            {evaluation.kind === "scored" ? (
              <ScoreLine score={evaluation.score} nomenclature={nomenclature} />
            ) : evaluation.kind === "incomplete" ? (
              <span className="text-slate-600">{leftToChoose(evaluation.missing)}</span>
            ) : null}
          </p>
        ) : null}
      </div>

      {mounted ? (
        <details
          className="rounded-md border border-slate-300 bg-white"
          open={collapsible ? undefined : true}
          onToggle={(e) => {
            if (e.currentTarget.open) ensureLoaded();
          }}
        >
          <summary className="cursor-pointer px-3 py-2 font-medium">
            {collapsible ? "Open the CVSS calculator" : "CVSS calculator"}
          </summary>
          <div className="grid gap-4 border-t border-slate-200 p-3 lg:grid-cols-[minmax(0,1fr)_16rem]">
            {/* Kept in view while picking: a compact bar at the top on a phone, a side panel on a wide screen.
                The metrics go two abreast only where their own column is wide enough (a container query). */}
            <div className="sticky top-0 z-10 -mx-3 -mt-3 self-start border-b border-slate-200 bg-white px-3 py-2 shadow-sm lg:top-4 lg:col-start-2 lg:row-start-1 lg:m-0 lg:space-y-3 lg:rounded-md lg:border lg:p-3">
              <ScorePanel evaluation={evaluation} version={state.version} nomenclature={nomenclature} />
              {state.text.trim() !== "" ? (
                <p className="hidden font-mono text-xs break-all text-slate-700 lg:block">
                  {state.text.trim()}
                </p>
              ) : null}
              {reporter ? <div className="hidden lg:block">{reporter}</div> : null}
            </div>
            <div className="@container min-w-0 space-y-4 lg:col-start-1 lg:row-start-1">
              {reporter ? <div className="lg:hidden">{reporter}</div> : null}
              <VersionSwitch
                uid={uid}
                version={state.version}
                onSwitch={(next) => update(switchVersion(state, next))}
              />
              {rules ? (
                <MetricGroups
                  uid={uid}
                  rules={rules}
                  version={state.version}
                  selections={state.selections}
                  onChoose={(key, value) => update(chooseMetric(rules, state, key, value))}
                />
              ) : (
                <p className="text-sm text-slate-600">Loading the calculator…</p>
              )}
            </div>
          </div>
        </details>
      ) : null}
    </div>
  );
}

function leftToChoose(missing: readonly CvssMetricDefinition[]): string {
  const n = missing.length;
  return `${n} base metric${n === 1 ? "" : "s"} left to choose: ${missing.map((d) => d.name).join(", ")}.`;
}

function severityTone(severity: CvssScore["severity"]): string {
  return severity === "Critical" || severity === "High"
    ? "bg-red-100 text-red-900"
    : severity === "Medium"
      ? "bg-amber-100 text-amber-900"
      : "bg-slate-100 text-slate-800";
}

function ScoreBadge({ score }: { score: CvssScore }) {
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 font-semibold whitespace-nowrap ${severityTone(score.severity)}`}
    >
      {score.score.toFixed(1)} {score.severity}
    </span>
  );
}

function ScoreLine({ score, nomenclature }: { score: CvssScore; nomenclature: string | null }) {
  return (
    <span data-testid="cvss-score">
      <ScoreBadge score={score} />{" "}
      <span className="text-slate-600">
        CVSS {score.version} score of this vector{nomenclature ? ` (${nomenclature})` : ""}
      </span>
    </span>
  );
}

function ScorePanel({
  evaluation,
  version,
  nomenclature,
}: {
  evaluation: CvssEvaluation;
  version: CvssVersion;
  nomenclature: string | null;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm lg:block lg:space-y-1">
      <p className="font-medium text-slate-700 lg:text-xs lg:uppercase lg:tracking-wide">
        CVSS {version} score
      </p>
      {evaluation.kind === "scored" ? (
        <p className="lg:text-xl">
          <ScoreBadge score={evaluation.score} />
          {nomenclature ? (
            <span className="ml-2 text-xs text-slate-600 lg:text-sm">{nomenclature}</span>
          ) : null}
        </p>
      ) : evaluation.kind === "incomplete" ? (
        <p className="text-slate-600">
          {evaluation.missing.length} base metric{evaluation.missing.length === 1 ? "" : "s"} left:{" "}
          <span className="font-mono">{evaluation.missing.map((d) => d.key).join(" ")}</span>
        </p>
      ) : evaluation.kind === "invalid" ? (
        <p className="font-medium text-red-700">
          <span aria-hidden="true">⚠ </span>Not a valid vector ({evaluation.metric})
        </p>
      ) : (
        <p className="text-slate-600">Pick the base metrics</p>
      )}
    </div>
  );
}

function ReporterVector({
  rules,
  vector,
  current,
  inUse,
  onUse,
}: {
  rules: CvssRules | null;
  vector: string;
  current: CvssCalculatorState;
  inUse: boolean;
  onUse: () => void;
}) {
  const evaluation = rules ? evaluateVector(rules, vector) : null;
  const differs = rules ? differingMetrics(rules, vector, current) : [];
  return (
    <section aria-label="The reporter's vector" className="space-y-1 rounded-md bg-slate-50 p-2 text-sm">
      <h4 className="font-medium text-slate-700">The reporter&apos;s vector</h4>
      <p className="font-mono text-xs break-all">{vector}</p>
      <p>
        {evaluation === null ? (
          <span className="text-slate-600">Scoring…</span>
        ) : evaluation.kind === "scored" ? (
          <>
            <ScoreBadge score={evaluation.score} />{" "}
            <span className="text-slate-600">CVSS {evaluation.score.version}</span>
          </>
        ) : evaluation.kind === "incomplete" ? (
          <span className="text-red-700">Not valid: {leftToChoose(evaluation.missing)}</span>
        ) : evaluation.kind === "invalid" ? (
          <span className="text-red-700">Not valid: {evaluation.message}</span>
        ) : null}
      </p>
      {inUse ? (
        <p className="text-slate-600">The calculator shows this vector.</p>
      ) : differs.length > 0 ? (
        <p className="text-slate-600">
          Yours differs in <span className="font-mono">{differs.join(" ")}</span>.
        </p>
      ) : null}
      {inUse ? null : (
        <button type="button" className={`${secondaryButtonClass} text-sm`} disabled={!rules} onClick={onUse}>
          Use the reporter&apos;s vector
        </button>
      )}
    </section>
  );
}

function VersionSwitch({
  uid,
  version,
  onSwitch,
}: {
  uid: string;
  version: CvssVersion;
  onSwitch: (next: (typeof SWITCH_VERSIONS)[number]) => void;
}) {
  const current = switchVersionOf(version);
  return (
    <fieldset>
      <legend className="font-medium">CVSS version</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {SWITCH_VERSIONS.map((v) => (
          <label key={v} className="inline-flex items-center gap-2">
            <input
              type="radio"
              name={`cvss-version-${uid}`}
              value={v}
              checked={current === v}
              onChange={() => onSwitch(v)}
            />
            CVSS {v}
            {v === "3.1" && version === "3.0" ? (
              <span className="text-sm text-slate-600">(this vector is CVSS 3.0)</span>
            ) : null}
          </label>
        ))}
      </div>
      <p className="mt-1 text-xs text-slate-600">Each version keeps its own vector while you switch.</p>
    </fieldset>
  );
}

function MetricGroups({
  uid,
  rules,
  version,
  selections,
  onChoose,
}: {
  uid: string;
  rules: CvssRules;
  version: CvssVersion;
  selections: Selections;
  onChoose: (key: string, value: string) => void;
}) {
  const defs = rules.cvssMetricDefinitions(version);
  const base = defs.filter((d) => d.group === "base");
  const groups = [...new Set(defs.filter((d) => d.group !== "base").map((d) => d.group))];
  const metric = (def: CvssMetricDefinition) => (
    <Metric
      key={def.key}
      name={`cvss-${uid}-${version}-${def.key}`}
      def={def}
      value={selections[def.key]}
      onChoose={onChoose}
    />
  );
  return (
    <div className="space-y-4">
      <h3 className="font-semibold">Base metrics</h3>
      <div className="grid gap-3 @lg:grid-cols-2">{base.map(metric)}</div>
      {groups.map((group) => {
        const inGroup = defs.filter((d) => d.group === group);
        const set = inGroup.filter(
          (d) => selections[d.key] !== undefined && selections[d.key] !== "X",
        ).length;
        return (
          <details key={group} className="rounded border border-slate-200">
            <summary className="cursor-pointer px-3 py-2 font-medium">
              {GROUP_TITLES[group] ?? group}
              {set > 0 ? <span className="ml-1 text-sm font-normal text-slate-600">({set} set)</span> : null}
            </summary>
            <div className="grid gap-3 p-3 @lg:grid-cols-2">{inGroup.map(metric)}</div>
          </details>
        );
      })}
    </div>
  );
}

function Metric({
  name,
  def,
  value,
  onChoose,
}: {
  name: string;
  def: CvssMetricDefinition;
  value: string | undefined;
  onChoose: (key: string, value: string) => void;
}) {
  const hintId = `${name}-hint`;
  // "X" (Not Defined) is what an unset optional metric means; show it checked by default.
  const current = value ?? (def.mandatory ? undefined : "X");
  return (
    <fieldset className="min-w-0 rounded border border-slate-200 p-2" aria-describedby={hintId}>
      <legend className="px-1 text-sm font-semibold">
        {def.name} <span className="font-mono font-normal text-slate-500">({def.key})</span>
      </legend>
      <p id={hintId} className="text-xs text-slate-600">
        {def.description}
      </p>
      <div className="mt-1 space-y-1">
        {def.values.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              className="mt-1"
              name={name}
              value={option.value}
              checked={current === option.value}
              onChange={() => onChoose(def.key, option.value)}
            />
            <span>
              {option.name} <span className="font-mono text-slate-500">({option.value})</span>
              <span className="block text-xs text-slate-600">{option.description}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
