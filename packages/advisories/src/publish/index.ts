export {
  CSAF_ROLIE_FEED_FILE,
  CSAF_SCHEMA_URL,
  CSAF_WHITE_FOLDER,
  csafFileName,
  csafProviderFiles,
  csafProviderMetadataUrl,
  type TCsafDocumentInput,
  type TCsafProvider,
  type TCsafPublicKey,
  type TCsafPublisher,
  type TProviderFile,
  type TProviderFiles,
} from "./csaf-provider";
export {
  atomFeed,
  DEFAULT_FEED_LIMIT,
  jsonFeed,
  sortForFeed,
  type TFeedAdvisory,
  type TFeedOptions,
} from "./feeds";
export { csafSchemaProblems, providerMetadataProblems } from "./schemas";
export {
  createSigningKey,
  openSigningKey,
  SIGNING_SECRET_MIN_LENGTH,
  SigningKeyError,
  signDetached,
  type TSigner,
  type TSigningKey,
} from "./signing";
