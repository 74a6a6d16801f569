// Claap's API and its storage, the only places the node talks HTTP to. One loop
// (`loop.ts`) sends, classifies, retries and paces every call.
export type { ClaapRequest } from './apiRequest';
export { claapApiRequest, recordingEndpoint, resultObject } from './apiRequest';
export type { ClaapPage } from './pagination';
export { claapApiPage, claapApiPaginate } from './pagination';
export type { RequestPolicy } from './policy';
export { DEFAULT_POLICY, requestPolicyFrom, requestPolicyOf } from './policy';
export type { SignedUpload } from './signedUpload';
export { putToSignedUrl } from './signedUpload';
