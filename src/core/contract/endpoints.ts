// Every endpoint of the contract in one table. The client, the sandbox's router and the OpenAPI
// generator all read it, so a path or a status code is written down exactly once.
import type { z } from 'zod/v4';

import { accountSchema } from './account';
import { errorBodySchema } from './common';
import {
	createVideoRequestSchema,
	listVideosQuerySchema,
	videoGenerationListSchema,
	videoGenerationSchema,
} from './video';
import { createVoiceRequestSchema, voiceGenerationSchema } from './voice';
import {
	createWebhookSubscriptionRequestSchema,
	webhookSubscriptionListSchema,
	webhookSubscriptionSchema,
} from './webhooks';

export interface EndpointSpec {
	operationId: string;
	summary: string;
	method: 'GET' | 'POST' | 'DELETE';
	/** With `{id}` for the path parameter. */
	path: string;
	query?: z.ZodType;
	body?: z.ZodType;
	/** Whether the request takes an Idempotency-Key header. */
	idempotent?: boolean;
	successStatus: 200 | 201 | 202 | 204;
	response?: z.ZodType;
	/** Error statuses the endpoint may answer besides 401, 429 and 5xx. */
	errorStatuses: number[];
}

export const endpoints = {
	createVideo: {
		operationId: 'createVideo',
		summary: 'Submit a video generation job',
		method: 'POST',
		path: '/v1/video/generations',
		body: createVideoRequestSchema,
		idempotent: true,
		successStatus: 202,
		response: videoGenerationSchema,
		errorStatuses: [400, 402, 409, 422],
	},
	getVideo: {
		operationId: 'getVideo',
		summary: 'Get a video generation',
		method: 'GET',
		path: '/v1/video/generations/{id}',
		successStatus: 200,
		response: videoGenerationSchema,
		errorStatuses: [404],
	},
	listVideos: {
		operationId: 'listVideos',
		summary: 'List video generations, newest first',
		method: 'GET',
		path: '/v1/video/generations',
		query: listVideosQuerySchema,
		successStatus: 200,
		response: videoGenerationListSchema,
		errorStatuses: [400],
	},
	createVoice: {
		operationId: 'createVoice',
		summary: 'Submit a voice generation job',
		method: 'POST',
		path: '/api/generate/voice',
		body: createVoiceRequestSchema,
		idempotent: true,
		successStatus: 202,
		response: voiceGenerationSchema,
		errorStatuses: [400, 402, 409, 422],
	},
	getVoice: {
		operationId: 'getVoice',
		summary: 'Get a voice generation',
		method: 'GET',
		path: '/api/generate/voice/{id}',
		successStatus: 200,
		response: voiceGenerationSchema,
		errorStatuses: [404],
	},
	createWebhookSubscription: {
		operationId: 'createWebhookSubscription',
		summary: 'Subscribe a URL to generation events',
		method: 'POST',
		path: '/v1/webhooks',
		body: createWebhookSubscriptionRequestSchema,
		successStatus: 201,
		response: webhookSubscriptionSchema,
		errorStatuses: [400, 422],
	},
	listWebhookSubscriptions: {
		operationId: 'listWebhookSubscriptions',
		summary: 'List webhook subscriptions',
		method: 'GET',
		path: '/v1/webhooks',
		successStatus: 200,
		response: webhookSubscriptionListSchema,
		errorStatuses: [],
	},
	deleteWebhookSubscription: {
		operationId: 'deleteWebhookSubscription',
		summary: 'Delete a webhook subscription',
		method: 'DELETE',
		path: '/v1/webhooks/{id}',
		successStatus: 204,
		errorStatuses: [404],
	},
	getAccount: {
		operationId: 'getAccount',
		summary: 'Get the account credit balance',
		method: 'GET',
		path: '/v1/account',
		successStatus: 200,
		response: accountSchema,
		errorStatuses: [],
	},
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof endpoints;

/** The body every error answer carries. */
export const errorResponseSchema = errorBodySchema;

/** Fills `{id}` in an endpoint path, escaping the id so it cannot change the path. */
export function endpointPath(path: string, id?: string): string {
	if (!path.includes('{id}')) return path;
	if (id === undefined || id === '') throw new TypeError(`${path} needs an id`);
	return path.replace('{id}', encodeURIComponent(id));
}
