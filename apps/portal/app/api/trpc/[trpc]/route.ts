import { createTrpcRouteHandler } from "@disclose/api";

const handler = createTrpcRouteHandler({ app: "portal" });

export { handler as GET, handler as POST };
