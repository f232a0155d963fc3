"use client";

import { type ReactNode, useEffect, useRef } from "react";

export interface AlertProps {
  title: string;
  children?: ReactNode;
  /** Changing this moves focus to the alert again (e.g. a counter bumped on every failed submit). */
  focusKey?: string | number;
  tone?: "error" | "info";
}

/**
 * A message that matters now: `role="alert"` announces it, and focus moves to it so a keyboard or
 * screen-reader user lands on it after a failed submit.
 */
export function Alert({ title, children, focusKey, tone = "error" }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is the trigger on purpose.
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className={`rounded-md border-l-4 p-4 ${
        tone === "error" ? "border-red-600 bg-red-50 text-red-900" : "border-sky-600 bg-sky-50 text-sky-900"
      }`}
    >
      <p className="font-semibold">{title}</p>
      {children ? <div className="mt-1 text-sm">{children}</div> : null}
    </div>
  );
}
