import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Report a vulnerability — Disclose", template: "%s — Disclose" },
  description: "Report a security vulnerability privately to the Product Security Team.",
  referrer: "no-referrer",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page renders per request: the Content-Security-Policy's nonce (proxy.ts) is new each time, and Next
// can put it on its scripts only while rendering.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
            <a href="/" className="font-semibold tracking-tight">
              Disclose <span className="font-normal text-slate-500">· Security</span>
            </a>
            <nav aria-label="Main">
              <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                <li>
                  <a href="/report" className="underline-offset-4 hover:underline">
                    Report
                  </a>
                </li>
                <li>
                  <a href="/advisories" className="underline-offset-4 hover:underline">
                    Advisories
                  </a>
                </li>
                <li>
                  <a href="/policy" className="underline-offset-4 hover:underline">
                    Policy
                  </a>
                </li>
                <li>
                  <a href="/pgp-keys.asc" className="underline-offset-4 hover:underline">
                    Encryption keys
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-3xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
