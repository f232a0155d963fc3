"use client";

import { Alert, LocalTime, secondaryButtonClass } from "@disclose/ui";
import Link from "next/link";
import type { PrivateKey } from "openpgp";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "~/trpc/client";
import {
  encryptedDownloadHref,
  formatSize,
  openPatchVersion,
  saveFile,
  type TOpenedPatch,
  type TPatchBranch,
  type TPatchList,
  type TPatchVersion,
} from "./patch-files";
import { PatchVersionDiff, type TOpenState } from "./patch-version-diff";
import { UploadPatchForm } from "./upload-patch-form";

const linkClass = "text-sky-700 underline";

/**
 * One release branch's patch: its name and current version, "Upload a new version", the current version's diff
 * (decrypted here with the tab's unlocked key) and every older version, each with its diff on demand and both
 * downloads: encrypted for gpg (the server sends this member's own copy) and decrypted here into a file.
 */
export function BranchPatchCard({
  reportId,
  branch,
  list,
  keys,
  unlocked,
}: {
  reportId: string;
  branch: TPatchBranch;
  list: TPatchList;
  keys: PrivateKey[];
  unlocked: boolean;
}) {
  const [opened, setOpened] = useState<Record<string, TOpenState>>({});
  const [shown, setShown] = useState<string[]>([]);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  // Each read is audited: a version is fetched once per page and kept while the keys stay the same.
  const cache = useRef(new Map<string, Promise<TOpenedPatch>>());
  const current = branch.versions[0];
  const older = branch.versions.slice(1);
  const headingId = `branch-${branch.id}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: new keys (unlock, lock) start a new cache.
  useEffect(() => {
    cache.current = new Map();
    setOpened({});
  }, [keys]);

  const open = useCallback(
    (versionId: string): Promise<TOpenedPatch> => {
      let pending = cache.current.get(versionId);
      if (!pending) {
        pending = openPatchVersion(reportId, versionId, keys);
        cache.current.set(versionId, pending);
        pending.catch(() => cache.current.delete(versionId));
        setOpened((o) => ({ ...o, [versionId]: { status: "loading" } }));
        pending.then(
          (result) => setOpened((o) => ({ ...o, [versionId]: { status: "ready", opened: result } })),
          (e: unknown) =>
            setOpened((o) => ({ ...o, [versionId]: { status: "error", message: errorMessage(e) } })),
        );
      }
      return pending;
    },
    [reportId, keys],
  );

  useEffect(() => {
    if (unlocked && current) void open(current.id).catch(() => {});
  }, [unlocked, current, open]);

  async function downloadPlain(version: TPatchVersion) {
    setDownloadError(null);
    try {
      const result = await open(version.id);
      saveFile(result.bytes, result.fileName, "text/x-patch");
    } catch (e) {
      setDownloadError(errorMessage(e));
    }
  }

  const toggle = (versionId: string) => {
    if (shown.includes(versionId)) {
      setShown((s) => s.filter((id) => id !== versionId));
    } else {
      setShown((s) => [...s, versionId]);
      void open(versionId).catch(() => {});
    }
  };

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
      data-testid="branch-patch"
    >
      <div className="space-y-1">
        <h2 id={headingId} className="text-lg font-semibold break-words">
          Branch <span className="font-mono">{branch.name}</span>
        </h2>
        <p className="text-sm text-slate-700">
          Release version: {branch.releaseVersion ?? <span className="text-slate-500">not set yet</span>}
        </p>
        {branch.fileName ? (
          <p className="break-all">
            Patch: <code data-testid="patch-file-name">{branch.fileName}</code>
            {current ? <> · version {current.version}</> : null}
          </p>
        ) : (
          <p className="text-sm text-slate-700">
            No file name yet: {branch.fileNameMissing}{" "}
            <Link href={`/reports/${reportId}/release`} className={linkClass}>
              Release versions
            </Link>
            . You can upload the patch meanwhile.
          </p>
        )}
      </div>

      {current ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">
            Current: version {current.version} · {formatSize(current.size)} encrypted · uploaded by{" "}
            {current.uploadedByName ?? "a former member"} on <LocalTime at={current.uploadedAt} />
          </p>
          <Downloads
            reportId={reportId}
            version={current}
            unlocked={unlocked}
            onDownloadPlain={() => void downloadPlain(current)}
          />
        </div>
      ) : (
        <p className="text-slate-600">No patch has been uploaded for this branch yet.</p>
      )}
      {downloadError ? <Alert title="Could not download">{downloadError}</Alert> : null}

      {list.mayUpload ? (
        <UploadPatchForm reportId={reportId} branch={branch} list={list} />
      ) : (
        <p className="text-sm text-slate-600">
          New versions can be uploaded by the PST and this case's Fix Lead and Fix Team while the case is
          worked on.
        </p>
      )}

      {current ? (
        <div className="space-y-2">
          <h3 className="font-semibold">Diff of version {current.version}</h3>
          {unlocked ? (
            <PatchVersionDiff
              state={opened[current.id]}
              idPrefix={`v${current.version}-${branch.id.slice(0, 8)}`}
              label={`version ${current.version}`}
            />
          ) : (
            <p className="text-slate-600">Unlock your key above to see the diff.</p>
          )}
        </div>
      ) : null}

      {older.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-semibold">Older versions</h3>
          <ul className="space-y-3">
            {older.map((v) => {
              const isShown = shown.includes(v.id);
              const diffId = `diff-${v.id}`;
              return (
                <li
                  key={v.id}
                  className="space-y-2 rounded-md bg-slate-50 p-3"
                  data-testid="patch-older-version"
                >
                  <p className="text-sm">
                    <span className="font-medium">Version {v.version}</span> · {formatSize(v.size)} encrypted
                    · uploaded by {v.uploadedByName ?? "a former member"} on <LocalTime at={v.uploadedAt} />
                  </p>
                  <div className="flex flex-wrap items-center gap-3">
                    {unlocked ? (
                      <button
                        type="button"
                        className={secondaryButtonClass}
                        aria-expanded={isShown}
                        aria-controls={diffId}
                        onClick={() => toggle(v.id)}
                      >
                        {isShown ? "Hide diff" : "Show diff"}
                      </button>
                    ) : null}
                    <Downloads
                      reportId={reportId}
                      version={v}
                      unlocked={unlocked}
                      onDownloadPlain={() => void downloadPlain(v)}
                    />
                  </div>
                  <div id={diffId}>
                    {unlocked && isShown ? (
                      <PatchVersionDiff
                        state={opened[v.id]}
                        idPrefix={`v${v.version}-${branch.id.slice(0, 8)}`}
                        label={`version ${v.version}`}
                      />
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** Both downloads of a version; the decrypted one only while the key is unlocked (it is decrypted here). */
function Downloads({
  reportId,
  version,
  unlocked,
  onDownloadPlain,
}: {
  reportId: string;
  version: TPatchVersion;
  unlocked: boolean;
  onDownloadPlain: () => void;
}) {
  return (
    <span className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      {unlocked ? (
        <button type="button" className={linkClass} onClick={onDownloadPlain}>
          Download .patch<span className="sr-only"> (version {version.version})</span>
        </button>
      ) : null}
      <a href={encryptedDownloadHref(reportId, version.id)} download className={linkClass}>
        Download encrypted (.patch.gpg, for gpg)<span className="sr-only"> (version {version.version})</span>
      </a>
    </span>
  );
}
