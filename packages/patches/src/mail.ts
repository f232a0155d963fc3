/**
 * The e-mail part of `git format-patch` output (RFC 5322 headers as git writes them), by hand: unfolding,
 * RFC 2047 encoded words, the author's address and the subject's "[PATCH n/m]" prefix.
 */

export type THeaders = Map<string, string>;

/** Header lines (without the blank line that ends them) → lower-case name → unfolded value (first one wins). */
export function parseHeaders(lines: readonly string[]): THeaders | string {
  const headers: THeaders = new Map();
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (current && !headers.has(current.name)) headers.set(current.name, current.value.trim());
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!current) return `A continuation line comes before any header: "${clip(line)}".`;
      current.value += line;
      continue;
    }
    const match = /^([!-9;-~]+):[ \t]?(.*)$/.exec(line);
    if (!match) return `This header line is not "Name: value": "${clip(line)}".`;
    flush();
    current = { name: match[1]!.toLowerCase(), value: match[2]! };
  }
  flush();
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words (git writes non-ASCII names and subjects as =?UTF-8?q?…?=). */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/(\?=)[ \t]+(?==\?[^?\s]+\?[qQbB]\?)/g, "$1");
  return joined.replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
    try {
      const bytes = encoding.toLowerCase() === "b" ? base64Bytes(text) : qBytes(text);
      return new TextDecoder(charset.split("*")[0]!, { fatal: true }).decode(bytes);
    } catch {
      return word;
    }
  });
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function qBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "_") bytes.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** "Name <email>" (the name maybe quoted or encoded) → its parts; a bare address has an empty name. */
export function parseAddress(value: string): { name: string; email: string } | null {
  const decoded = decodeEncodedWords(value).trim();
  const match = /^(.*?)\s*<([^<>\s]+)>$/.exec(decoded);
  if (match) {
    let name = match[1]!.trim();
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
      name = name.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    return { name, email: match[2]! };
  }
  return /^[^\s<>@]+@[^\s<>@]+$/.test(decoded) ? { name: "", email: decoded } : null;
}

/**
 * Strips what `git am` strips from a subject (leading "Re:" and bracketed prefixes such as "[PATCH v2 1/3]"),
 * keeping the "n/m" of the first bracket as the patch's place in its series.
 */
export function parseSubject(value: string): {
  subject: string;
  series: { number: number; total: number } | null;
} {
  let rest = decodeEncodedWords(value).trim();
  let series: { number: number; total: number } | null = null;
  for (;;) {
    const re = /^re:\s*/i.exec(rest);
    if (re) {
      rest = rest.slice(re[0].length);
      continue;
    }
    const bracket = /^\[([^\]]*)\]\s*/.exec(rest);
    if (bracket) {
      const place = /(?:^|\s)(\d+)\/(\d+)$/.exec(bracket[1]!.trim());
      if (place && !series) series = { number: Number(place[1]), total: Number(place[2]) };
      rest = rest.slice(bracket[0].length);
      continue;
    }
    break;
  }
  return { subject: rest.trim(), series };
}

export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
