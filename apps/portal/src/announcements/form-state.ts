/** What each announcements form shows after its server action (the same with or without JavaScript). */
export type TSubscribeState =
  | { status: "idle" }
  | { status: "sent"; email: string }
  | {
      status: "error";
      message: string;
      fieldError: string | null;
      values: { email: string; forthcoming: boolean };
      attempt: number;
    };

export type TLinkState =
  | { status: "idle" }
  | { status: "done"; forthcoming?: boolean }
  | { status: "error"; message: string; attempt: number };

/** The longest address the form takes (the server says the same). */
export const EMAIL_MAX = 254;
