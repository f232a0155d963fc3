import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AdminNav } from "~/auth/admin-nav";
import { KeyringBoundary } from "~/keyring/keyring-boundary";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Disclose admin", template: "%s — Disclose admin" },
  description: "The security team's workspace.",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page renders per request: the Content-Security-Policy's nonce (proxy.ts) is new each time, and Next
// can put it on its scripts only while rendering.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-100 font-sans text-slate-900 antialiased">
        <KeyringBoundary>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
          >
            Skip to content
          </a>
          <header className="bg-slate-900 text-white">
            <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
              <a href="/" className="font-semibold tracking-tight">
                Disclose <span className="font-normal text-slate-400">· Admin</span>
              </a>
              <AdminNav />
            </div>
          </header>
          <main id="main" className="mx-auto max-w-5xl px-4 py-8">
            {children}
          </main>
        </KeyringBoundary>
      </body>
    </html>
  );
}
