import { createTrpcRouteHandler } from "@disclose/api";

const handler = createTrpcRouteHandler({ app: "admin" });

export { handler as GET, handler as POST };
