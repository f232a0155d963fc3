import { adminRouter, apiEnv, createTrpcRouteHandler } from "@disclose/api";
import { getDb } from "@disclose/db";

const handler = createTrpcRouteHandler({
  app: "admin",
  appUrl: apiEnv().ADMIN_URL,
  router: adminRouter,
  db: getDb,
});

export { handler as GET, handler as POST };
