import { getEmailEnv, getSinkMessage } from "@disclose/email";
import Link from "next/link";
import { notFound } from "next/navigation";
import { localDemoMetadata, requireLocalDemo } from "~/dev/local-demo";

export const generateMetadata = localDemoMetadata({ title: "Message — development mailbox" });

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireLocalDemo();
  const email = getEmailEnv();
  const { id } = await params;
  const message = await getSinkMessage({ baseUrl: email.sinkBaseUrl, id }).catch(() => null);
  if (!message) notFound();

  return (
    <article className="space-y-4">
      <Link href="/dev/mailbox" className="text-sm text-sky-700 underline">
        ← All messages
      </Link>
      <h1 className="text-2xl font-bold tracking-tight">{message.subject || "(no subject)"}</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-lg bg-white p-4 text-sm shadow-sm">
        <dt className="text-slate-500">From</dt>
        <dd>{message.from}</dd>
        <dt className="text-slate-500">To</dt>
        <dd>{message.to.join(", ")}</dd>
        <dt className="text-slate-500">Received</dt>
        <dd className="font-mono text-xs">{message.receivedAt}</dd>
        <dt className="text-slate-500">Message-ID</dt>
        <dd className="break-all font-mono text-xs">{message.messageId ?? "—"}</dd>
      </dl>
      <section aria-labelledby="text-body" className="space-y-2">
        <h2 id="text-body" className="font-semibold">
          Text
        </h2>
        <pre
          data-testid="mail-text"
          className="whitespace-pre-wrap rounded-lg bg-white p-4 text-sm shadow-sm"
        >
          {message.text ?? "(no text part)"}
        </pre>
      </section>
      {message.html ? (
        <section aria-labelledby="html-body" className="space-y-2">
          <h2 id="html-body" className="font-semibold">
            HTML
          </h2>
          {/* An empty sandbox: the mail's HTML renders without scripts, forms or navigation. */}
          <iframe
            title="HTML body"
            sandbox=""
            srcDoc={message.html}
            className="h-96 w-full rounded-lg border border-slate-200 bg-white"
          />
        </section>
      ) : null}
    </article>
  );
}
