"use client";

import { Alert, secondaryButtonClass } from "@disclose/ui";
import { useEffect, useState } from "react";
import { adminClient } from "~/trpc/client";
import { refusalOf } from "../workspace/sealed";

/** The published advisory's announcement as text to post on other channels (mailing lists, forums, chat). */
export function ReadyToPost({ publicId }: { publicId: string }) {
  const [text, setText] = useState<{ subject: string; text: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    adminClient()
      .announcements.text.query({ advisoryPublicId: publicId })
      .then(setText, (e) => setFailure(refusalOf(e).message));
  }, [publicId]);
  if (failure) return null;
  return (
    <section className="space-y-2 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="ready-to-post">
      <h2 id="ready-to-post" className="text-lg font-semibold">
        Ready to post elsewhere
      </h2>
      {!text ? (
        <p role="status" className="text-slate-600">
          Loading…
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700">{text.subject}</p>
          <textarea
            readOnly
            rows={12}
            className="w-full rounded border border-slate-300 p-2 font-mono text-sm"
            value={text.text}
            aria-label="Announcement text"
          />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              void navigator.clipboard.writeText(text.text).then(
                () => setCopied(true),
                () => setFailure("Copying was refused by the browser: select the text and copy it."),
              )
            }
          >
            {copied ? "Copied" : "Copy the text"}
          </button>
        </>
      )}
      {failure ? <Alert title="Not copied">{failure}</Alert> : null}
    </section>
  );
}
