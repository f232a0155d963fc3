import { html, type SafeHtml } from "./html";

/** The HTML frame every email shares. */
export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111; max-width: 40rem; margin: 0 auto; padding: 1rem">
${body}
<hr style="border: none; border-top: 1px solid #ddd; margin-top: 2rem">
<p style="color: #666; font-size: 0.85rem">Sent by Disclose, the security release process of this project.</p>
</body>
</html>`;
}
