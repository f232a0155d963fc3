/**
 * Characters XML 1.0 forbids outright (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF)
 * and lone surrogates. One of them in a title makes the whole Atom feed unreadable for every subscriber.
 */
const NOT_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text that may go anywhere in XML or JSON: forbidden characters dropped. Line breaks are kept. */
export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML_CHARS, "");
}

/**
 * A one-line label (a feed title): forbidden characters dropped and every run of whitespace, line breaks
 * included, made one space. A newline in a title would otherwise split it in readers that show one line.
 */
export function oneLine(text: string): string {
  return xmlSafeText(text).replace(/\s+/g, " ").trim();
}

/**
 * Escapes text for HTML content. Atom's `type="html"` and JSON Feed's `content_html` are read as HTML: an
 * advisory titled `<script>` must show those characters, not run them. It also keeps `]]>` out of CDATA.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
