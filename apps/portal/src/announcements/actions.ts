"use server";

import { TRPCError } from "@trpc/server";
import { serverCaller } from "~/trpc/server";
import type { TLinkState, TSubscribeState } from "./form-state";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** A refusal's own words, or a general one for a fault on our side (logged, never shown). */
function messageOf(error: unknown): { message: string; field: string | null } {
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") {
    console.error(error);
    return { message: "Something went wrong on our side. Please try again.", field: null };
  }
  const cause = error.cause as
    | { details?: { field?: string }; issues?: { path: PropertyKey[]; message: string }[] }
    | undefined;
  const field = cause?.details?.field ?? cause?.issues?.[0]?.path.map(String).join(".") ?? null;
  return { message: cause?.issues?.[0]?.message ?? error.message, field: field || null };
}

/** The subscribe form: always the same answer for an accepted address, whatever its state (the server's rule). */
export async function subscribeAction(
  previous: TSubscribeState,
  formData: FormData,
): Promise<TSubscribeState> {
  const email = text(formData, "email");
  const forthcoming = formData.get("forthcoming") === "on";
  try {
    await (await serverCaller()).announcements.subscribe({ email, forthcoming });
    return { status: "sent", email: email.trim() };
  } catch (error) {
    const { message, field } = messageOf(error);
    return {
      status: "error",
      message,
      fieldError: field === "email" ? message : null,
      values: { email, forthcoming },
      attempt: previous.status === "error" ? previous.attempt + 1 : 1,
    };
  }
}

/** The confirmation page's button: confirms with the link's one-time token and the chosen preference. */
export async function confirmAction(previous: TLinkState, formData: FormData): Promise<TLinkState> {
  const forthcoming = formData.get("forthcoming") === "on";
  try {
    await (await serverCaller()).announcements.confirm({ token: text(formData, "token"), forthcoming });
    return { status: "done", forthcoming };
  } catch (error) {
    return {
      status: "error",
      message: messageOf(error).message,
      attempt: previous.status === "error" ? previous.attempt + 1 : 1,
    };
  }
}

/** The unsubscribe page's button (the same as the one-click POST of the List-Unsubscribe header). */
export async function unsubscribeAction(previous: TLinkState, formData: FormData): Promise<TLinkState> {
  try {
    await (await serverCaller()).announcements.unsubscribe({
      subscriberId: text(formData, "s"),
      token: text(formData, "t"),
    });
    return { status: "done" };
  } catch (error) {
    return {
      status: "error",
      message: messageOf(error).message,
      attempt: previous.status === "error" ? previous.attempt + 1 : 1,
    };
  }
}
