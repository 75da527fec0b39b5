export { checkWebhookUrl, assertSafeWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from './checkWebhookUrl';
export type { WebhookUrlOptions, WebhookUrlVerdict } from './checkWebhookUrl';
export { UNSAFE_URL_REASONS, REASONS_WAIVED_BY_ALLOW_PRIVATE } from './reasons';
export type { UnsafeUrlReason, HostReason, HostFinding } from './reasons';
export { OWN_DOMAIN, classifyHostname } from './hostname';
export { parseIpv4, formatIpv4, classifyIpv4 } from './ipv4';
export { parseIpv6, classifyIpv6 } from './ipv6';
export type { Ipv6Groups } from './ipv6';
