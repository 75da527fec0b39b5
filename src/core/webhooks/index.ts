// Webhook signing, verification and the receive pipeline: the public surface. Re-exports only.
export type { RawBody } from './bytes';
export { CREATIVEAI_SIGNATURE_HEADER, CREATIVEAI_SIGNATURE_PREFIX } from './creativeai';
export { getHeader } from './headers';
export type { HeadersGetter, HeadersLike, HeaderValue } from './headers';
export { PRIMARY_SIGNATURE_HEADER } from './primary';
export { verifyFailureReasonSchema, webhookSchemeSchema } from './scheme';
export type { VerifyFailureReason, VerifyResult, WebhookScheme } from './scheme';
export { STANDARD_SECRET_PREFIX } from './secrets';
export type { Secrets } from './secrets';
export { signWebhook } from './sign';
export type { SignWebhookInput } from './sign';
export { STANDARD_HEADERS } from './standard';
export { TOLERANCE_SECONDS } from './timestamp';
export { verifyWebhook } from './verify';
export type { VerifyWebhookInput } from './verify';
export { deliveryKey } from './deliveryKey';
export { receiveWebhook } from './receive';
export type { ReceiveWebhookInput } from './receive';
export { deliveryRejectionReasonSchema, RETRY_AFTER_SECONDS } from './receiveResult';
export type {
	DeliveryRejectionReason,
	ReceivedEvent,
	ReceiveOutcome,
	ReceiveResult,
} from './receiveResult';
