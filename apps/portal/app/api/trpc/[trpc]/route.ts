import { apiEnv, createTrpcRouteHandler, portalRouter } from "@disclose/api";
import { getDb } from "@disclose/db";

const handler = createTrpcRouteHandler({
  app: "portal",
  appUrl: apiEnv().PORTAL_URL,
  router: portalRouter,
  db: getDb,
});

export { handler as GET, handler as POST };
