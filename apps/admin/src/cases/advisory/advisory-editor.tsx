"use client";

import {
  CREDIT_TYPES,
  makeAdvisoryContentSchema,
  OSV_ECOSYSTEMS,
  RANGE_TYPES,
  REFERENCE_TAGS,
} from "@disclose/advisories/model";
import type { AdminRouter } from "@disclose/api";
import {
  Alert,
  buttonClass,
  describedBy,
  Field,
  inputClass,
  LocalTime,
  secondaryButtonClass,
} from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";
import { loadCrypto, refusalOf, STALE, sealTo } from "../workspace/sealed";
import {
  emptyAffected,
  emptyDraft,
  emptyRange,
  parseDraft,
  serializeDraft,
  type TAffectedForm,
  type TDraftForm,
  toContent,
} from "./draft-document";

export type TAdvisoryWorkspace = inferRouterOutputs<AdminRouter>["advisories"]["workspace"];

// The browser has no CWE catalogue: the CWE IDs are the case's records, checked on the Vulnerabilities page and
// again by the server when the advisory is published.
const ZContentInBrowser = makeAdvisoryContentSchema({ cweLookup: null });

/** A model refusal's path as a person reads it: "Affected 1 › range 1 › events". */
function pathLabel(path: readonly PropertyKey[]): string {
  const names: Record<string, string> = {
    affected: "Affected",
    ranges: "range",
    events: "events",
    vulnerabilities: "Vulnerability",
    credits: "Credit",
    references: "Reference",
    fixes: "Fix",
  };
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = String(path[i]);
    const next = path[i + 1];
    if (typeof next === "number") {
      parts.push(`${names[key] ?? key} ${next + 1}`);
      i++;
    } else parts.push(names[key] ?? key);
  }
  return parts.join(" › ");
}

function problemsOf(content: unknown): string[] {
  const parsed = ZContentInBrowser.safeParse(content);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${pathLabel(i.path)}: ${i.message}`);
}

type Load =
  | { status: "waiting" }
  | { status: "ready"; form: TDraftForm; problem: string | null; plaintext: string | null }
  | { status: "not-granted" };

/**
 * The case's advisory editor: the draft is decrypted here with the unlocked key and saved encrypted to exactly
 * the people who may read it (the server never sees it before release). The model checks it as it is written; at
 * release the Fix Lead publishes it (the server checks every export against the official schemas then).
 */
export function AdvisoryEditor({ workspace }: { workspace: TAdvisoryWorkspace }) {
  const router = useRouter();
  const keyring = useKeyring();
  const locked = keyring.status !== "unlocked";
  const [load, setLoad] = useState<Load>(
    workspace.draft
      ? { status: "waiting" }
      : { status: "ready", form: emptyDraft(), problem: null, plaintext: null },
  );
  const [form, setForm] = useState<TDraftForm>(emptyDraft());
  const [draftId, setDraftId] = useState<string | null>(workspace.draft?.id ?? null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  // The draft this editor saved: its form is the one on screen, so it is not decrypted (or unlocked) again.
  const [savedHere, setSavedHere] = useState<string | null>(null);
  const current = workspace.draft !== null && workspace.draft.id === savedHere;

  useEffect(() => {
    const draft = workspace.draft;
    if (!draft || locked || draft.id === savedHere) return;
    if (!draft.ciphertext) {
      setLoad({ status: "not-granted" });
      return;
    }
    let live = true;
    void loadCrypto()
      .then((crypto) => crypto.decryptTextWithKeys(draft.ciphertext as string, keyring.keys))
      .then((text) => {
        if (!live) return;
        const parsed = parseDraft(text);
        setForm(parsed.form);
        setLoad({ status: "ready", form: parsed.form, problem: parsed.problem, plaintext: text });
      })
      .catch(() => live && setLoad({ status: "not-granted" }));
    return () => {
      live = false;
    };
  }, [workspace.draft, locked, keyring.keys, savedHere]);

  const content = useMemo(
    () => toContent(form, workspace.vulnerabilities),
    [form, workspace.vulnerabilities],
  );
  const problems = useMemo(() => problemsOf(content), [content]);

  if (workspace.draft && locked && !current) {
    return (
      <UnlockPanel title="Unlock your key to open the draft">
        <p className="text-sm text-slate-600">
          The draft advisory is end-to-end encrypted until the release.
        </p>
      </UnlockPanel>
    );
  }
  if (load.status === "waiting" && !current) {
    return (
      <p role="status" className="text-slate-600">
        Decrypting the draft…
      </p>
    );
  }
  if (load.status === "not-granted") {
    return (
      <Alert title="The draft is not readable with your key yet">
        It was encrypted before your key could read it; a PST member&rsquo;s browser grants it to you on their
        next visit (Access on the case overview).
      </Alert>
    );
  }

  const set = (patch: Partial<TDraftForm>) => {
    setSaved(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const setAffected = (i: number, patch: Partial<TAffectedForm>) =>
    set({ affected: form.affected.map((a, j) => (j === i ? { ...a, ...patch } : a)) });

  async function save() {
    setSaving(true);
    setFailure(null);
    try {
      const plaintext = serializeDraft(form);
      let readers = workspace.readers;
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await adminClient().advisories.saveDraft.mutate({
            reportId: workspace.reportId,
            ciphertext: await sealTo(plaintext, readers),
            previousDraftId: draftId,
          });
          setDraftId(result.draftId);
          setSavedHere(result.draftId);
          setSaved(`Saved, encrypted to ${readers.filter((r) => r.key).length} people.`);
          break;
        } catch (error) {
          if (attempt > 0 || !STALE.test(refusalOf(error).message)) throw error;
          // Someone joined the case (or changed keys) since the page loaded: encrypt to the readers of now.
          readers = (await adminClient().advisories.workspace.query({ reportId: workspace.reportId }))
            .readers;
        }
      }
      router.refresh();
    } catch (error) {
      setFailure(refusalOf(error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="space-y-6">
      {load.status === "ready" && load.problem ? <Alert title="Starting afresh">{load.problem}</Alert> : null}
      {!workspace.mayEdit ? <Alert title="Read only">{workspace.editRefusal}</Alert> : null}
      <fieldset disabled={!workspace.mayEdit} className="space-y-6">
        <Section title="The advisory">
          <Field
            id="adv-title"
            label="Title"
            required
            hint="e.g. “Cache poisoning through unverified answers”"
          >
            <input
              id="adv-title"
              className={inputClass}
              value={form.title}
              maxLength={200}
              onChange={(e) => set({ title: e.target.value })}
              aria-describedby={describedBy("adv-title", { hint: true })}
            />
          </Field>
          <Field
            id="adv-summary"
            label="Summary"
            required
            hint="One or two plain sentences (feeds, emails, OSV)."
          >
            <input
              id="adv-summary"
              className={inputClass}
              value={form.summary}
              maxLength={300}
              onChange={(e) => set({ summary: e.target.value })}
              aria-describedby={describedBy("adv-summary", { hint: true })}
            />
          </Field>
          <Field
            id="adv-description"
            label="Description (Markdown)"
            required
            hint="What is wrong, who is affected, the impact."
          >
            <textarea
              id="adv-description"
              className={inputClass}
              rows={8}
              value={form.description}
              onChange={(e) => set({ description: e.target.value })}
              aria-describedby={describedBy("adv-description", { hint: true })}
            />
          </Field>
        </Section>

        <Section title="Vulnerabilities">
          <p className="text-sm text-slate-600">
            Each vulnerability of the case gets its own CVE in every export. Their CVE, CWE and CVSS are the
            case&rsquo;s records: change them on{" "}
            <a className="text-sky-700 underline" href={`/reports/${workspace.reportId}/vulnerabilities`}>
              Vulnerabilities &amp; CVSS
            </a>
            .
          </p>
          <ul className="space-y-3">
            {workspace.vulnerabilities.map((v) => (
              <li key={v.id} className="space-y-1 rounded border border-slate-200 p-3">
                <p className="text-sm">
                  <span className="font-semibold">Vulnerability {v.position}</span>: {v.cveId ?? "no CVE yet"}{" "}
                  · {v.cweId ?? "no CWE"} ·{" "}
                  <span className="font-mono break-all">{v.cvssVector ?? "not scored"}</span>
                </p>
                <Field id={`adv-vuln-${v.id}`} label="Title of this vulnerability (optional)">
                  <input
                    id={`adv-vuln-${v.id}`}
                    className={inputClass}
                    value={form.vulnerabilityTitles[v.id] ?? ""}
                    maxLength={200}
                    onChange={(e) =>
                      set({ vulnerabilityTitles: { ...form.vulnerabilityTitles, [v.id]: e.target.value } })
                    }
                  />
                </Field>
              </li>
            ))}
          </ul>
        </Section>

        <Section title="Affected packages and products">
          {form.affected.map((a, i) => (
            <AffectedEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their place
              key={i}
              index={i}
              entry={a}
              onChange={(patch) => setAffected(i, patch)}
              onRemove={
                form.affected.length > 1
                  ? () => set({ affected: form.affected.filter((_, j) => j !== i) })
                  : null
              }
            />
          ))}
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => set({ affected: [...form.affected, emptyAffected()] })}
          >
            Add a package or product
          </button>
        </Section>

        <Section title="Credits">
          <p className="text-sm text-slate-600">
            Published with the advisory: name people only with their consent (the reporter accepts or declines
            on their tracking page).
          </p>
          <Rows
            items={form.credits}
            onChange={(credits) => set({ credits })}
            blank={() => ({ name: "", type: "finder", contact: "" })}
            addLabel="Add a credit"
            columns="sm:grid-cols-[2fr_1fr_2fr_auto]"
            render={(c, i, patch) => (
              <>
                <Field id={`adv-credit-${i}-name`} label={`Credit ${i + 1}: name`} required>
                  <input
                    id={`adv-credit-${i}-name`}
                    className={inputClass}
                    value={c.name}
                    onChange={(e) => patch({ name: e.target.value })}
                  />
                </Field>
                <Field id={`adv-credit-${i}-type`} label="Type">
                  <select
                    id={`adv-credit-${i}-type`}
                    className={inputClass}
                    value={c.type}
                    onChange={(e) => patch({ type: e.target.value })}
                  >
                    {CREDIT_TYPES.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </Field>
                <Field id={`adv-credit-${i}-contact`} label="Contact (optional)">
                  <input
                    id={`adv-credit-${i}-contact`}
                    className={inputClass}
                    value={c.contact}
                    onChange={(e) => patch({ contact: e.target.value })}
                  />
                </Field>
              </>
            )}
          />
        </Section>

        <Section title="Fixes and references">
          <Rows
            items={form.fixes}
            onChange={(fixes) => set({ fixes })}
            blank={() => ({ url: "", title: "" })}
            addLabel="Add a fix"
            columns="sm:grid-cols-[2fr_2fr_auto]"
            render={(f, i, patch) => (
              <>
                <Field id={`adv-fix-${i}-url`} label={`Fix ${i + 1}: merged PR or commit URL`} required>
                  <input
                    id={`adv-fix-${i}-url`}
                    className={inputClass}
                    value={f.url}
                    onChange={(e) => patch({ url: e.target.value })}
                  />
                </Field>
                <Field id={`adv-fix-${i}-title`} label="Title (optional)">
                  <input
                    id={`adv-fix-${i}-title`}
                    className={inputClass}
                    value={f.title}
                    onChange={(e) => patch({ title: e.target.value })}
                  />
                </Field>
              </>
            )}
          />
          <Rows
            items={form.references}
            onChange={(references) => set({ references })}
            blank={() => ({ url: "", tags: [] })}
            addLabel="Add a reference"
            columns="sm:grid-cols-[2fr_2fr_auto]"
            render={(r, i, patch) => (
              <>
                <Field id={`adv-ref-${i}-url`} label={`Reference ${i + 1}: URL`} required>
                  <input
                    id={`adv-ref-${i}-url`}
                    className={inputClass}
                    value={r.url}
                    onChange={(e) => patch({ url: e.target.value })}
                  />
                </Field>
                <Field id={`adv-ref-${i}-tags`} label="CVE tags (Ctrl/⌘-click for several)">
                  <select
                    id={`adv-ref-${i}-tags`}
                    multiple
                    size={3}
                    className={inputClass}
                    value={r.tags}
                    onChange={(e) => patch({ tags: [...e.target.selectedOptions].map((o) => o.value) })}
                  >
                    {REFERENCE_TAGS.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </Field>
              </>
            )}
          />
        </Section>

        <Section title="What users do">
          <Field id="adv-upgrade" label="How to upgrade (Markdown, optional)">
            <textarea
              id="adv-upgrade"
              className={inputClass}
              rows={4}
              value={form.upgradeInstructions}
              onChange={(e) => set({ upgradeInstructions: e.target.value })}
            />
          </Field>
          <Field id="adv-workarounds" label="Workarounds and mitigations (Markdown, optional)">
            <textarea
              id="adv-workarounds"
              className={inputClass}
              rows={4}
              value={form.workarounds}
              onChange={(e) => set({ workarounds: e.target.value })}
            />
          </Field>
        </Section>
      </fieldset>

      {checked || problems.length === 0 ? (
        problems.length > 0 ? (
          <Alert
            title={`${problems.length === 1 ? "1 thing" : `${problems.length} things`} to fix before publishing`}
          >
            <ul className="list-disc pl-5" data-testid="advisory-problems">
              {problems.slice(0, 20).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          <p className="text-sm text-green-800" data-testid="advisory-complete">
            The advisory is complete by the model&rsquo;s rules; the server checks every export against the
            official schemas when it is published.
          </p>
        )
      ) : null}
      {failure ? <Alert title="Not saved">{failure}</Alert> : null}
      {workspace.mayEdit ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={buttonClass} disabled={saving} onClick={() => void save()}>
            {saving ? "Saving…" : "Save the draft"}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setChecked(true)}>
            Check it
          </button>
          <span role="status" className="text-sm text-green-800">
            {saved ?? ""}
          </span>
        </div>
      ) : null}
      {workspace.mayPublish ? (
        <PublishForm
          workspace={workspace}
          content={content}
          problems={problems}
          onProblems={() => setChecked(true)}
        />
      ) : workspace.mayEdit && workspace.publishRefusal ? (
        <p className="text-sm text-slate-600">{workspace.publishRefusal}</p>
      ) : null}
    </div>
  );
}

/** A list of like rows (credits, fixes, references): each with its fields and Remove, and Add below. */
function Rows<T>({
  items,
  onChange,
  blank,
  addLabel,
  columns,
  render,
}: {
  items: T[];
  onChange: (next: T[]) => void;
  blank: () => T;
  addLabel: string;
  /** The row's grid columns on wider screens (a literal class, for Tailwind to see). */
  columns: string;
  render: (item: T, index: number, patch: (change: Partial<T>) => void) => ReactNode;
}) {
  return (
    <>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div key={i} className={`grid gap-2 sm:items-end ${columns}`}>
          {render(item, i, (change) => onChange(items.map((x, j) => (j === i ? { ...x, ...change } : x))))}
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className={secondaryButtonClass} onClick={() => onChange([...items, blank()])}>
        {addLabel}
      </button>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function AffectedEditor({
  index,
  entry,
  onChange,
  onRemove,
}: {
  index: number;
  entry: TAffectedForm;
  onChange: (patch: Partial<TAffectedForm>) => void;
  onRemove: (() => void) | null;
}) {
  const id = `adv-affected-${index}`;
  const setRange = (r: number, patch: Partial<TAffectedForm["ranges"][number]>) =>
    onChange({ ranges: entry.ranges.map((x, j) => (j === r ? { ...x, ...patch } : x)) });
  return (
    <fieldset className="space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 font-medium">Affected {index + 1}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        <Field id={`${id}-kind`} label="Kind">
          <select
            id={`${id}-kind`}
            className={inputClass}
            value={entry.kind}
            onChange={(e) => onChange({ kind: e.target.value as TAffectedForm["kind"] })}
          >
            <option value="package">A package (npm, Go, PyPI, …)</option>
            <option value="product">A product (vendor and product, e.g. a C project)</option>
          </select>
        </Field>
        {entry.kind === "package" ? (
          <>
            <Field id={`${id}-ecosystem`} label="Ecosystem" required>
              <select
                id={`${id}-ecosystem`}
                className={inputClass}
                value={entry.ecosystem}
                onChange={(e) => onChange({ ecosystem: e.target.value })}
              >
                {OSV_ECOSYSTEMS.map((e) => (
                  <option key={e}>{e}</option>
                ))}
              </select>
            </Field>
            <Field id={`${id}-name`} label="Package name" required>
              <input
                id={`${id}-name`}
                className={inputClass}
                value={entry.name}
                onChange={(e) => onChange({ name: e.target.value })}
              />
            </Field>
          </>
        ) : (
          <>
            <Field id={`${id}-vendor`} label="Vendor" required>
              <input
                id={`${id}-vendor`}
                className={inputClass}
                value={entry.vendor}
                onChange={(e) => onChange({ vendor: e.target.value })}
              />
            </Field>
            <Field id={`${id}-product`} label="Product" required>
              <input
                id={`${id}-product`}
                className={inputClass}
                value={entry.product}
                onChange={(e) => onChange({ product: e.target.value })}
              />
            </Field>
            <Field id={`${id}-repo`} label="Source repository URL (for GIT ranges)">
              <input
                id={`${id}-repo`}
                className={inputClass}
                value={entry.repo}
                onChange={(e) => onChange({ repo: e.target.value })}
              />
            </Field>
          </>
        )}
      </div>
      {entry.ranges.map((r, j) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity but their place
        <div key={j} className="grid gap-2 sm:grid-cols-[1fr_2fr_1fr_1fr_1fr_auto] sm:items-end">
          <Field id={`${id}-range-${j}-type`} label={`Range ${j + 1}: type`}>
            <select
              id={`${id}-range-${j}-type`}
              className={inputClass}
              value={r.type}
              onChange={(e) => setRange(j, { type: e.target.value as typeof r.type })}
            >
              {RANGE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-range-${j}-repo`} label="Repository (GIT)">
            <input
              id={`${id}-range-${j}-repo`}
              className={inputClass}
              disabled={r.type !== "GIT"}
              value={r.repo}
              onChange={(e) => setRange(j, { repo: e.target.value })}
            />
          </Field>
          <Field id={`${id}-range-${j}-introduced`} label="Introduced">
            <input
              id={`${id}-range-${j}-introduced`}
              className={inputClass}
              value={r.introduced}
              onChange={(e) => setRange(j, { introduced: e.target.value })}
            />
          </Field>
          <Field id={`${id}-range-${j}-fixed`} label="Fixed in">
            <input
              id={`${id}-range-${j}-fixed`}
              className={inputClass}
              value={r.fixed}
              onChange={(e) => setRange(j, { fixed: e.target.value })}
            />
          </Field>
          <Field id={`${id}-range-${j}-last`} label="Last affected">
            <input
              id={`${id}-range-${j}-last`}
              className={inputClass}
              value={r.lastAffected}
              onChange={(e) => setRange(j, { lastAffected: e.target.value })}
            />
          </Field>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => onChange({ ranges: entry.ranges.filter((_, k) => k !== j) })}
          >
            Remove range
          </button>
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => onChange({ ranges: [...entry.ranges, emptyRange()] })}
        >
          Add a range
        </button>
        {onRemove ? (
          <button type="button" className={secondaryButtonClass} onClick={onRemove}>
            Remove this entry
          </button>
        ) : null}
      </div>
      <Field
        id={`${id}-versions`}
        label="Affected versions, comma-separated (optional, where a range cannot say it)"
      >
        <input
          id={`${id}-versions`}
          className={inputClass}
          value={entry.versions}
          onChange={(e) => onChange({ versions: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}

function PublishForm({
  workspace,
  content,
  problems,
  onProblems,
}: {
  workspace: TAdvisoryWorkspace;
  content: unknown;
  problems: string[];
  onProblems: () => void;
}) {
  const router = useRouter();
  const first = workspace.published === null;
  const [summary, setSummary] = useState(first ? "Initial release." : "");
  const [announce, setAnnounce] = useState(first);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function publish() {
    setFailure(null);
    if (problems.length > 0) return onProblems();
    setPending(true);
    try {
      const result = await adminClient().advisories.publish.mutate({
        reportId: workspace.reportId,
        content,
        revisionSummary: summary,
        announce,
      });
      // A next revision is announced only when asked again.
      setAnnounce(false);
      setSummary("");
      setDone(
        `Published ${result.publicId} (revision ${result.revision})${result.announced !== null ? `; the announcement goes to ${result.announced} subscribers` : ""}.`,
      );
      router.refresh();
    } catch (error) {
      const problem = refusalOf(error);
      setFailure(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
    } finally {
      setPending(false);
    }
  }
  return (
    <section
      className="space-y-3 rounded-lg border border-sky-200 bg-sky-50 p-4"
      aria-labelledby="publish-heading"
    >
      <h2 id="publish-heading" className="text-lg font-semibold">
        {first
          ? "Publish the advisory"
          : `Publish revision ${workspace.published ? workspace.published.revision + 1 : ""}`}
      </h2>
      <p className="text-sm text-slate-700">
        The case is released: publishing makes the advisory public on the portal with its CVE JSON 5, OSV and
        CSAF documents (signed), in the feeds{first ? ", and announces it to the subscribers" : ""}.
      </p>
      <Field id="publish-summary" label="What this revision says" required>
        <input
          id="publish-summary"
          className={inputClass}
          value={summary}
          maxLength={500}
          onChange={(e) => setSummary(e.target.value)}
        />
      </Field>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} />
        Send the announcement to the security announcement subscribers
      </label>
      {failure ? <Alert title="Not published">{failure}</Alert> : null}
      {done ? (
        <p role="status" className="text-green-800">
          {done}
        </p>
      ) : null}
      <button
        type="button"
        className={buttonClass}
        disabled={pending || summary.trim() === ""}
        onClick={() => void publish()}
      >
        {pending ? "Publishing…" : first ? "Publish the advisory" : "Publish this revision"}
      </button>
    </section>
  );
}

/** When the draft was last saved and by whom. */
export function DraftStatus({ workspace }: { workspace: TAdvisoryWorkspace }) {
  if (!workspace.draft) return <p className="text-slate-700">No draft yet: start writing below.</p>;
  return (
    <p className="text-slate-700">
      Draft saved <LocalTime at={workspace.draft.createdAt} />
      {workspace.draft.authorName ? ` by ${workspace.draft.authorName}` : ""} ({workspace.drafts}{" "}
      {workspace.drafts === 1 ? "version" : "versions"}).
    </p>
  );
}
