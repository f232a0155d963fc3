import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

const SAFE_SCHEMES = ["http", "https", "mailto"];

function isSafeHref(href: string): boolean {
  const trimmed = href.trim().toLowerCase();
  // Relative links and fragments have no scheme; they stay on the page that shows the advisory.
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(trimmed)?.[1];
  return scheme === undefined ? !trimmed.startsWith("//") : SAFE_SCHEMES.includes(scheme);
}

/**
 * Advisory text comes from a Fix Lead's editor but ends up on the public portal, in feeds and in emails: raw HTML
 * is off, links are limited to http(s)/mailto (markdown-it's own check refuses javascript:, vbscript:, data:…;
 * ours narrows further), and every link is rel="nofollow noopener noreferrer".
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = (url) => isSafeHref(url);
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** A second fence: even if a markdown-it plugin or bug let something through, only these tags leave. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "s",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    ol: ["start"],
    th: ["style"],
    td: ["style"],
    code: ["class"],
  },
  allowedStyles: {
    th: { "text-align": [/^(left|right|center)$/] },
    td: { "text-align": [/^(left|right|center)$/] },
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }),
  },
};

/** Markdown to HTML that is safe to put in a page as is. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown), SANITIZE);
}

/**
 * Markdown to plain text for emails, CSAF notes and CVE descriptions: paragraphs separated by a blank line, list
 * items as "- " or "1. ", links as "text (address)", code as is. No HTML and no Markdown syntax remain.
 */
export function markdownToText(markdown: string): string {
  const blocks: { text: string; item: boolean }[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let prefix = "";
  // The first item of a top-level list is set off by a blank line like a paragraph; the rest follow line by line.
  let startsList = false;
  for (const token of md.parse(markdown, {})) {
    switch (token.type) {
      case "bullet_list_open":
        lists.push({ ordered: false, next: 1 });
        startsList = lists.length === 1;
        break;
      case "ordered_list_open":
        lists.push({ ordered: true, next: Number(token.attrGet("start") ?? 1) });
        startsList = lists.length === 1;
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1];
        const indent = "  ".repeat(Math.max(0, lists.length - 1));
        prefix = `${indent}${list?.ordered ? `${list.next++}. ` : "- "}`;
        break;
      }
      case "inline": {
        const text = inlineText(token.children ?? []);
        blocks.push({ text: prefix + text, item: prefix !== "" && !startsList });
        prefix = "";
        startsList = false;
        break;
      }
      case "fence":
      case "code_block":
        blocks.push({ text: token.content.replace(/\n$/, ""), item: false });
        break;
      case "hr":
        blocks.push({ text: "---", item: false });
        break;
      default:
        break;
    }
  }
  // List items sit on consecutive lines; other blocks are separated by a blank line.
  let out = "";
  blocks.forEach((block, i) => {
    if (i === 0) out = block.text;
    else out += block.item ? `\n${block.text}` : `\n\n${block.text}`;
  });
  return out.trim();
}

function inlineText(children: Token[]): string {
  let out = "";
  let href: string | null = null;
  let linkText = "";
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "code_inline":
        if (href !== null) linkText += child.content;
        else out += child.content;
        break;
      case "softbreak":
        out += "\n";
        break;
      case "hardbreak":
        out += "\n";
        break;
      case "image":
        out += child.content;
        break;
      case "link_open":
        href = String(child.attrGet("href") ?? "");
        linkText = "";
        break;
      case "link_close": {
        const address = (href ?? "").replace(/^mailto:/, "");
        out += linkText === address || linkText === "" ? address : `${linkText} (${address})`;
        href = null;
        break;
      }
      default:
        break;
    }
  }
  return out;
}
