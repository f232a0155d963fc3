/**
 * Markdown the API already rendered and sanitised (renderMarkdown: no raw HTML, no scripts, http(s) links only),
 * with the portal's type styles.
 */
export function RenderedMarkdown({ html }: { html: string }) {
  return (
    <div
      className="space-y-3 wrap-anywhere text-slate-800 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-sm [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_ul]:list-disc [&_ul]:pl-5"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the API's renderMarkdown
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
