import { createOneClickUnsubscribeHandler } from "@disclose/api";

// RFC 8058 one-click unsubscribe (the List-Unsubscribe header's address): POST unsubscribes, GET goes to the page.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST } = createOneClickUnsubscribeHandler();
