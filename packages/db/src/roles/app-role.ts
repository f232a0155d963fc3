/**
 * The role whose privileges the apps and the outbox worker use. Migrations (ours and the job queue's) grant to it
 * by this name, so it is fixed: the apps log in as it, or as a login role that is a member of it. It owns nothing,
 * may not create, alter or drop anything, and may only read the audit log and append to it through audit_append().
 * Whoever owns the tables (the role that runs migrations) is not named anywhere: it is whoever applies them.
 */
export const APP_ROLE = "disclose_app";
