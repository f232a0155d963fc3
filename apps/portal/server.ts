// The app's server for `pnpm start` and `pnpm dev`: Next behind a plain node:http server that tells the API the
// TCP peer's address (rate limits, the local-demo check) and listens on loopback unless HOST says otherwise.
import { runNextServer } from "@disclose/api/next-server";
import next from "next";

await runNextServer({ app: "portal", next, dir: import.meta.dirname });
