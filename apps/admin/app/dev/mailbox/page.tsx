import { getEmailEnv, listSinkMessages, type SinkMessageSummary } from "@disclose/email";
import Link from "next/link";
import { localDemoMetadata, requireLocalDemo } from "~/dev/local-demo";

export const generateMetadata = localDemoMetadata({ title: "Development mailbox" });

/**
 * Development only: what the outbox worker delivered to the local SMTP sink. Only for a browser on this machine
 * (see requireLocalDemo); gone when real SMTP is set.
 */
export default async function MailboxPage() {
  await requireLocalDemo();
  const email = getEmailEnv();

  let messages: SinkMessageSummary[] | null = null;
  try {
    messages = await listSinkMessages({ baseUrl: email.sinkBaseUrl, limit: 200 });
  } catch {
    messages = null;
  }

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Development mailbox</h1>
        <p className="text-slate-600">
          Every email Disclose sent while <code>SMTP_URL</code> is unset lands here instead of a real inbox.
        </p>
      </div>
      {messages === null ? (
        <p role="alert" className="rounded-md bg-amber-50 p-4 text-amber-900">
          The local mail sink at {email.sinkBaseUrl} is not answering. It runs with <code>pnpm start</code> or{" "}
          <code>pnpm dev</code>.
        </p>
      ) : messages.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          No mail yet. Messages appear here seconds after Disclose sends them.
        </p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm shadow-sm">
          <caption className="sr-only">Messages, newest first</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Received (UTC)
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                To
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Subject
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                  {formatUtc(message.receivedAt)}
                </td>
                <td className="px-3 py-2">{message.to.join(", ")}</td>
                <td className="px-3 py-2">
                  <Link
                    href={`/dev/mailbox/${encodeURIComponent(message.id)}`}
                    className="text-sky-700 underline"
                  >
                    {message.subject || "(no subject)"}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function formatUtc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}
