import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "~/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends people back here with ?error=… ; these are its codes, in plain words.
const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was used already. Ask for a new one below.",
  AccessDenied: "This address has no active Disclose account. Accounts are created by an admin.",
  EmailSignin: "The sign-in email could not be sent. Please try again in a minute.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const session = await currentSession();
  if (session) redirect(session.secondFactorPassed ? "/" : "/sign-in/second-factor");
  const { error } = await searchParams;
  const message = error ? (ERRORS[error] ?? "Signing in did not work. Please try again.") : null;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
        <p className="text-slate-700">
          Disclose is invitation-only. Enter the email address of your account and we will send you a sign-in
          link; after it, you enter a code from your authenticator app.
        </p>
      </div>
      <SignInForm initialError={message} />
    </div>
  );
}
