"use client";

import type { CvssMetricDefinition, CvssScore, CvssVersion } from "@disclose/domain";
import { describedBy, FieldError, fieldIds, inputClass } from "@disclose/ui";
import { useEffect, useId, useMemo, useState } from "react";

type Selections = Record<string, string>;
/** The domain's CVSS rules, loaded when the reporter first touches the field (they are not small). */
type Cvss = Pick<
  typeof import("@disclose/domain"),
  "CvssError" | "cvssMetricDefinitions" | "parseCvssVector" | "scoreCvss"
>;
let loading: Promise<Cvss> | undefined;
function loadCvss(): Promise<Cvss> {
  loading ??= import("@disclose/domain");
  return loading;
}

const GROUP_TITLES: Record<string, string> = {
  temporal: "Temporal metrics",
  threat: "Threat metrics",
  environmental: "Environmental metrics",
  supplemental: "Supplemental metrics (do not change the score)",
};

function buildVector(cvss: Cvss, version: CvssVersion, selections: Selections): string {
  const parts = [`CVSS:${version}`];
  for (const def of cvss.cvssMetricDefinitions(version)) {
    const value = selections[def.key];
    if (value !== undefined && value !== "X") parts.push(`${def.key}:${value}`);
  }
  return parts.join("/");
}

function readVector(cvss: Cvss, vector: string): { version: CvssVersion; selections: Selections } | null {
  if (vector.trim() === "") return null;
  try {
    const parsed = cvss.parseCvssVector(vector.trim());
    return { version: parsed.version, selections: Object.fromEntries(parsed.metrics) };
  } catch {
    return null;
  }
}

type Evaluation =
  | { kind: "empty" }
  | { kind: "incomplete"; missing: string[] }
  | { kind: "invalid"; message: string }
  | { kind: "scored"; score: CvssScore };

function evaluate(cvss: Cvss | null, text: string, version: CvssVersion, selections: Selections): Evaluation {
  if (text.trim() === "" || !cvss) return { kind: "empty" };
  try {
    return { kind: "scored", score: cvss.scoreCvss(text.trim()) };
  } catch (error) {
    const message = error instanceof cvss.CvssError ? error.message : "This is not a valid CVSS vector.";
    // A vector the calculator is still building: name what is left rather than scolding.
    if (text === buildVector(cvss, version, selections)) {
      const missing = cvss
        .cvssMetricDefinitions(version)
        .filter((d) => d.mandatory && selections[d.key] === undefined)
        .map((d) => d.name);
      if (missing.length > 0) return { kind: "incomplete", missing };
    }
    return { kind: "invalid", message };
  }
}

export interface CvssCalculatorProps {
  /** The value to start from (e.g. what was submitted before an error). */
  defaultValue?: string;
  /** An error from the server for this field. */
  error?: string | null;
}

/**
 * An optional CVSS vector: a text field that works without JavaScript, and, once hydrated, a calculator
 * for CVSS 3.1 and 4.0 built from the domain's metric definitions. Validation and scores are the domain's.
 */
export function CvssCalculator({ defaultValue = "", error }: CvssCalculatorProps) {
  const [mounted, setMounted] = useState(false);
  const [cvss, setCvss] = useState<Cvss | null>(null);
  const [text, setText] = useState(defaultValue);
  const [version, setVersion] = useState<CvssVersion>("3.1");
  const [selections, setSelections] = useState<Selections>({});
  const id = "cvssVector";
  const ids = fieldIds(id);
  const resultId = `${id}-result`;
  // The calculator needs JavaScript; until hydrated only the text field is shown.
  useEffect(() => setMounted(true), []);

  function ensureLoaded(vector = text) {
    if (cvss) return;
    loadCvss()
      .then((loaded) => {
        setCvss(loaded);
        const read = readVector(loaded, vector);
        if (read) {
          setVersion(read.version);
          setSelections(read.selections);
        }
      })
      .catch(() => {
        // Offline or a failed chunk: the field still takes a vector; the server validates it.
      });
  }

  // A vector kept from an earlier attempt is checked at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount.
  useEffect(() => {
    if (defaultValue) ensureLoaded(defaultValue);
  }, []);

  function adoptVector(vector: string) {
    // An unparsable vector leaves the calculator as it is; the message under the field names the problem.
    const read = cvss ? readVector(cvss, vector) : null;
    if (read) {
      setVersion(read.version);
      setSelections(read.selections);
    }
  }

  const evaluation = useMemo(
    () => evaluate(cvss, text, version, selections),
    [cvss, text, version, selections],
  );
  const localError = evaluation.kind === "invalid" ? evaluation.message : null;
  const shownError = localError ?? (text === defaultValue ? error : null);

  function choose(key: string, value: string) {
    if (!cvss) return;
    const next = { ...selections, [key]: value };
    setSelections(next);
    setText(buildVector(cvss, version, next));
  }

  function switchVersion(next: CvssVersion) {
    setVersion(next);
    setSelections({});
    setText("");
  }

  // A vector is one long word: it, and any message quoting it, must wrap rather than widen a 390 px page.
  return (
    <div className="min-w-0 space-y-3 wrap-anywhere">
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium">
          CVSS vector <span className="text-sm font-normal text-slate-500">(optional)</span>
        </label>
        <p id={ids.hint} className="text-sm text-slate-600">
          If you have scored the issue, paste the vector, e.g.{" "}
          <code className="break-all">CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</code>. CVSS 3.0, 3.1 and
          4.0 are accepted. The Fix Lead makes the final call on the score.
        </p>
        <input
          id={id}
          name="cvssVector"
          type="text"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono text-sm`}
          value={text}
          onFocus={() => ensureLoaded()}
          onChange={(e) => {
            setText(e.target.value);
            adoptVector(e.target.value);
            ensureLoaded(e.target.value);
          }}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={[describedBy(id, { hint: true, error: shownError }), mounted ? resultId : null]
            .filter(Boolean)
            .join(" ")}
        />
        <FieldError id={ids.error} error={shownError} />
        {mounted ? (
          <p id={resultId} aria-live="polite" className="text-sm">
            {evaluation.kind === "scored" ? (
              <ScoreLine score={evaluation.score} />
            ) : evaluation.kind === "incomplete" ? (
              <span className="text-slate-600">
                {evaluation.missing.length} base metric{evaluation.missing.length === 1 ? "" : "s"} left to
                choose: {evaluation.missing.join(", ")}.
              </span>
            ) : null}
          </p>
        ) : null}
      </div>

      {mounted ? (
        <details
          className="rounded-md border border-slate-300 bg-white"
          onToggle={(e) => {
            if (e.currentTarget.open) ensureLoaded();
          }}
        >
          <summary className="cursor-pointer px-3 py-2 font-medium">Open the CVSS calculator</summary>
          <div className="space-y-4 border-t border-slate-200 p-3">
            <fieldset>
              <legend className="font-medium">CVSS version</legend>
              <div className="mt-1 flex flex-wrap gap-4">
                {(["3.1", "4.0"] as const).map((v) => (
                  <label key={v} className="inline-flex items-center gap-2">
                    <input
                      type="radio"
                      name="cvss-version"
                      value={v}
                      checked={version === v || (v === "3.1" && version === "3.0")}
                      onChange={() => switchVersion(v)}
                    />
                    CVSS {v}
                  </label>
                ))}
              </div>
            </fieldset>
            {cvss ? (
              <MetricGroups cvss={cvss} version={version} selections={selections} onChoose={choose} />
            ) : (
              <p className="text-sm text-slate-600">Loading the calculator…</p>
            )}
          </div>
        </details>
      ) : null}
    </div>
  );
}

function ScoreLine({ score }: { score: CvssScore }) {
  const tone =
    score.severity === "Critical" || score.severity === "High"
      ? "bg-red-100 text-red-900"
      : score.severity === "Medium"
        ? "bg-amber-100 text-amber-900"
        : "bg-slate-100 text-slate-800";
  return (
    <span data-testid="cvss-score">
      <span className={`mr-2 rounded px-2 py-0.5 font-semibold ${tone}`}>
        {score.score.toFixed(1)} {score.severity}
      </span>
      <span className="text-slate-600">CVSS {score.version} score of this vector</span>
    </span>
  );
}

function MetricGroups({
  cvss,
  version,
  selections,
  onChoose,
}: {
  cvss: Cvss;
  version: CvssVersion;
  selections: Selections;
  onChoose: (key: string, value: string) => void;
}) {
  const defs = cvss.cvssMetricDefinitions(version);
  const base = defs.filter((d) => d.group === "base");
  const groups = [...new Set(defs.filter((d) => d.group !== "base").map((d) => d.group))];
  return (
    <div className="space-y-4">
      <h3 className="font-semibold">Base metrics</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        {base.map((def) => (
          <Metric key={def.key} def={def} version={version} value={selections[def.key]} onChoose={onChoose} />
        ))}
      </div>
      {groups.map((group) => (
        <details key={group} className="rounded border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 font-medium">{GROUP_TITLES[group] ?? group}</summary>
          <div className="grid gap-3 p-3 sm:grid-cols-2">
            {defs
              .filter((d) => d.group === group)
              .map((def) => (
                <Metric
                  key={def.key}
                  def={def}
                  version={version}
                  value={selections[def.key]}
                  onChoose={onChoose}
                />
              ))}
          </div>
        </details>
      ))}
    </div>
  );
}

function Metric({
  def,
  version,
  value,
  onChoose,
}: {
  def: CvssMetricDefinition;
  version: CvssVersion;
  value: string | undefined;
  onChoose: (key: string, value: string) => void;
}) {
  const uid = useId();
  const hintId = `${uid}-hint`;
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
              name={`cvss-${version}-${def.key}`}
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
