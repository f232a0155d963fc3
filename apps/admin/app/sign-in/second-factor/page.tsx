import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "~/auth/session";
import { SecondFactor } from "./second-factor";

export const metadata: Metadata = { title: "Second factor" };

export default async function SecondFactorPage() {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  if (session.secondFactorPassed) redirect("/");
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Second factor</h1>
      <SecondFactor email={session.email} />
    </div>
  );
}
