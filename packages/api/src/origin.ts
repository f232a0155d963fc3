/**
 * Cross-site request defence. A state-changing request is accepted only when the browser says it comes from
 * the app's own origin. Browsers always send `Origin` on POST, so a missing header is refused too: only
 * non-browser clients omit it, and they have no business calling our mutations.
 */
export function isSameOrigin(originHeader: string | null, appUrl: string): boolean {
  if (!originHeader || originHeader === "null") return false;
  let origin: string;
  try {
    origin = new URL(originHeader).origin;
  } catch {
    return false;
  }
  return origin === new URL(appUrl).origin;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}
