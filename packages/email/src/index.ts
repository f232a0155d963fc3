export { type CapturedEmail, createCaptureTransport, parseCapturedEmail } from "./capture-transport";
export { type DeliverOutboxMessageOptions, type DeliveryOutcome, deliverOutboxMessage } from "./deliver";
export {
  DEFAULT_MAIL_FROM,
  DEFAULT_SINK_HTTP_PORT,
  DEFAULT_SINK_SMTP_PORT,
  type EmailEnv,
  getEmailEnv,
  parseEmailEnv,
} from "./env";
export { connectMailbox, deliverToMailbox, type MailboxClient } from "./imap/deliver-to-mailbox";
export { startTestDovecot, type TestDovecot } from "./imap/dovecot";
export {
  readMail,
  readMailHeaders,
  type TMailHead,
  type TMailHeaders,
  type TReadMail,
} from "./imap/read-mail";
export {
  openSecurityMailbox,
  parseImapUrl,
  type SecurityMailbox,
  type SecurityMailboxSession,
  type TMailboxConfig,
  type TWaitingMessage,
} from "./imap/security-mailbox";
export {
  ALLOWED_EMAIL_HEADERS,
  EMAIL_LIMITS,
  InvalidEmailError,
  messageIdFor,
  parseEmailMessage,
  type TEmailAttachment,
  type TEmailHeaderName,
  type TEmailHeaders,
  type TEmailMessage,
  ZEmailAttachment,
  ZEmailHeaders,
  ZEmailMessage,
} from "./message";
export {
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueEmailOptions,
  enqueueEmail,
  enqueueEmails,
  jobKeyFor,
  requeueEmail,
  SEND_EMAIL_TASK,
} from "./outbox";
export { buildPgpMimeMessage, envelopeAddress, type PgpMimeOptions } from "./pgp-mime";
export {
  clearSinkMessages,
  getSinkMessage,
  listSinkMessages,
  type SinkClientOptions,
  type SinkMessage,
  type SinkMessageSummary,
  waitForSinkMessage,
} from "./sink/client";
export { type SmtpSink, type StartSmtpSinkOptions, startSmtpSink } from "./sink/server";
export {
  auditHeadText,
  type EmailTemplateName,
  type EmailTemplates,
  type RenderedEmail,
  renderEmail,
} from "./templates";
export { createTransport, type EmailTransport, type TransportTimeouts } from "./transport";
export {
  createSendEmailTask,
  type EmailWorker,
  installJobQueue,
  type RunWorkerOptions,
  runWorker,
  type SendEmailTaskOptions,
} from "./worker";
