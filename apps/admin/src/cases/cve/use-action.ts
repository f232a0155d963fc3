"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { problemOf, type TProblem } from "~/people/problem";

/** One form's call: pending while it runs, the server's problem (and field) when refused, a refresh when done. */
export function useAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<TProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  async function run(call: () => Promise<unknown>): Promise<boolean> {
    setPending(true);
    setProblem(null);
    try {
      await call();
      router.refresh();
      return true;
    } catch (error) {
      setProblem(problemOf(error));
      setAttempt((n) => n + 1);
      return false;
    } finally {
      setPending(false);
    }
  }
  const fieldError = (field: string) => (problem?.field === field ? problem.message : null);
  const general = problem && !problem.field ? problem.message : null;
  return { pending, problem, attempt, run, fieldError, general, setProblem };
}
