"use client";

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
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";
import { decryptItems, refusalOf, type Shown, STALE, sealTo, shownText, withoutKeyNote } from "./sealed";

type TNotes = inferRouterOutputs<AdminRouter>["workspace"]["notes"];
export type TNoteTopic = TNotes["topic"];
type Loaded =
  | { status: "loading" }
  | { status: "hidden" }
  | { status: "error"; message: string }
  | { status: "ready"; notes: TNotes };

const TITLES: Record<TNoteTopic, string> = {
  workspace: "Workspace notes",
  retrospective: "Retrospective notes",
};
const INTROS: Record<TNoteTopic, string> = {
  workspace:
    "Internal notes on the fix (what was tried, what is left, who backports where), for the PST and this case's Fix Team only.",
  retrospective:
    "What went well and what to change next time, written after the release, for the PST and this case's Fix Team only.",
};

/**
 * A case's internal notes of one topic ("workspace" or "retrospective"), end-to-end encrypted: decrypted here
 * with the tab's unlocked key, a new note encrypted here to exactly the people who may read them now. Renders
 * nothing for someone who does not take part in the case.
 */
export function CaseNotes({
  reportId,
  topic,
  title = TITLES[topic],
  unlockElsewhere = false,
}: {
  reportId: string;
  topic: TNoteTopic;
  /** The section's heading. */
  title?: string;
  /** The page already asks to unlock the key (no second passphrase form here). */
  unlockElsewhere?: boolean;
}) {
  const keyring = useKeyring();
  const keys = keyring.keys;
  const locked = keyring.status !== "unlocked";
  const headingId = useId();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [shown, setShown] = useState<Record<string, Shown>>({});

  const load = useCallback(async (): Promise<TNotes | null> => {
    try {
      const notes = await adminClient().workspace.notes.query({ reportId, topic });
      setLoaded({ status: "ready", notes });
      return notes;
    } catch (error) {
      if (error instanceof TRPCClientError && ["FORBIDDEN", "NOT_FOUND"].includes(error.data?.code)) {
        setLoaded({ status: "hidden" });
      } else {
        setLoaded({ status: "error", message: refusalOf(error).message });
      }
      return null;
    }
  }, [reportId, topic]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (loaded.status !== "ready" || keys.length === 0) return;
    let live = true;
    void decryptItems(loaded.notes.notes, keys).then((result) => {
      if (live) setShown(result);
    });
    return () => {
      live = false;
    };
  }, [loaded, keys]);

  if (loaded.status === "hidden") return null;
  return (
    <section
      id={`notes-${topic}`}
      aria-labelledby={headingId}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      <div className="space-y-1">
        <h2 id={headingId} className="text-lg font-semibold">
          {title} <span className="font-normal text-slate-600">(not visible to the reporter)</span>
        </h2>
        <p className="text-sm text-slate-600">{INTROS[topic]}</p>
      </div>
      {locked && !unlockElsewhere ? (
        <UnlockPanel title={null}>
          <p className="text-sm text-slate-600">
            Notes are end-to-end encrypted: unlock your key to read them. You can write one without unlocking.
          </p>
        </UnlockPanel>
      ) : null}
      {loaded.status === "loading" ? (
        <p role="status" className="text-slate-600">
          Loading the notes…
        </p>
      ) : loaded.status === "error" ? (
        <Alert title="The notes could not be loaded">
          {loaded.message}{" "}
          <button type="button" className="underline" onClick={() => void load()}>
            Try again
          </button>
        </Alert>
      ) : (
        <>
          {loaded.notes.notes.length === 0 ? (
            <p className="text-slate-600">No notes yet.</p>
          ) : (
            <ol className="space-y-3" aria-label={`${title}, oldest first`}>
              {loaded.notes.notes.map((n) => (
                <li key={n.id} className="rounded-md bg-slate-50 p-3">
                  <p className="text-xs text-slate-600">
                    <span className="font-medium text-slate-800">{n.authorName ?? "A former member"}</span> ·{" "}
                    <LocalTime at={n.createdAt} />
                  </p>
                  <p className="whitespace-pre-wrap wrap-anywhere" data-testid="case-note">
                    {shownText(shown[n.id], locked)}
                  </p>
                </li>
              ))}
            </ol>
          )}
          {loaded.notes.mayPost ? (
            <Compose reportId={reportId} topic={topic} notes={loaded.notes} reload={load} />
          ) : loaded.notes.postRefusal ? (
            <p className="text-sm text-slate-600">{loaded.notes.postRefusal}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

function Compose({
  reportId,
  topic,
  notes,
  reload,
}: {
  reportId: string;
  topic: TNoteTopic;
  notes: TNotes;
  reload: () => Promise<TNotes | null>;
}) {
  const id = `note-${topic}`;
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const post = async (to: TNotes) =>
    adminClient().workspace.postNote.mutate({ reportId, topic, ciphertext: await sealTo(text, to.readers) });

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setAttempt((n) => n + 1);
    if (!text.trim()) return setError("Write the note first.");
    setPending(true);
    setError(null);
    setStatus(null);
    try {
      try {
        await post(notes);
      } catch (e) {
        // Someone joined (or changed keys) since the notes loaded: encrypt once more to the readers of now.
        if (!STALE.test(refusalOf(e).message)) throw e;
        await post(await adminClient().workspace.notes.query({ reportId, topic }));
      }
      setText("");
      setStatus("Note saved.");
      await reload();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }

  const keyless = withoutKeyNote(notes.readers, "the notes");
  return (
    <form onSubmit={send} noValidate aria-busy={pending || undefined} className="space-y-3">
      {error ? (
        <Alert title="The note was not saved" focusKey={attempt}>
          {error}
        </Alert>
      ) : null}
      <Field
        id={id}
        label="Add a note"
        required
        hint="Encrypted in this browser to the keys of everyone who reads this case now (the PST and its Fix Team)."
        error={null}
      >
        <textarea
          id={id}
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={describedBy(id, { hint: true })}
          className={inputClass}
          readOnly={pending}
        />
      </Field>
      {keyless ? <p className="text-sm text-slate-600">{keyless}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Save the note"}
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void reload()}
          disabled={pending}
        >
          Refresh
        </button>
        <span role="status" className="text-sm text-slate-600">
          {status}
        </span>
      </div>
    </form>
  );
}
