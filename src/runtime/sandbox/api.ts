// One handler per endpoint of the contract's table. The server has already authenticated the
// key and validated the body and query with the endpoint's own zod schemas, so a handler maps
// the request onto the service and the result onto the endpoint's success status.
// Rule: the record is typed by EndpointName, so an endpoint added to the contract without a
// handler here is a compile error.
import type {
	CreateVideoRequest,
	CreateVoiceRequest,
	CreateWebhookSubscriptionInput,
	EndpointName,
	ListVideosQuery,
} from '../../core/contract';
import { endpoints } from '../../core/contract';
import type { Account } from './auth';
import type { FaultInjector } from './faults';
import { SandboxHttpError, type HandlerResult } from './http';
import type { CreateResult, SandboxService } from './service';

export interface ApiContext {
	account: Account;
	/** The `{id}` of the path, already decoded. */
	id?: string;
	/** The validated query (endpoints with a query schema). */
	query: unknown;
	/** The validated body (endpoints with a body schema). */
	body: unknown;
	idempotencyKey?: string;
}

export type ApiHandler = (context: ApiContext) => HandlerResult;

function requireId(context: ApiContext): string {
	if (context.id === undefined) throw new Error('route without an id reached an id handler');
	return context.id;
}

export function apiHandlers(
	service: SandboxService,
	faults: FaultInjector,
): Record<EndpointName, ApiHandler> {
	/** 202 with the job; a replay says so in a header, as Stripe's Idempotent-Replayed does. */
	const accepted = ({ job, replayed }: CreateResult): HandlerResult => {
		// The job exists and is paid for; only the answer is lost, so a retry with the same key
		// must find it (and one without a key makes a second job, which is the client's bug).
		if (!replayed && faults.lostResponse()) {
			throw new SandboxHttpError(
				502,
				'server_error',
				'The gateway lost the answer. The request may have been processed: retry it with the same Idempotency-Key.',
			);
		}
		return {
			status: endpoints.createVideo.successStatus,
			body: replayed ? service.view(job) : service.view(job, job.createdAtMs),
			headers: replayed ? { 'idempotent-replayed': 'true' } : {},
		};
	};

	return {
		createVideo: (context) =>
			accepted(
				service.createVideo(
					context.account,
					context.body as CreateVideoRequest,
					context.idempotencyKey,
				),
			),
		getVideo: (context) => ({
			status: endpoints.getVideo.successStatus,
			body: service.get(context.account, 'video', requireId(context)),
		}),
		listVideos: (context) => ({
			status: endpoints.listVideos.successStatus,
			body: service.listVideos(
				context.account,
				context.query as ListVideosQuery & { limit: number },
			),
		}),
		createVoice: (context) =>
			accepted(
				service.createVoice(
					context.account,
					context.body as CreateVoiceRequest,
					context.idempotencyKey,
				),
			),
		getVoice: (context) => ({
			status: endpoints.getVoice.successStatus,
			body: service.get(context.account, 'voice', requireId(context)),
		}),
		createWebhookSubscription: (context) => ({
			status: endpoints.createWebhookSubscription.successStatus,
			body: service.createSubscription(
				context.account,
				context.body as CreateWebhookSubscriptionInput,
			),
		}),
		listWebhookSubscriptions: (context) => ({
			status: endpoints.listWebhookSubscriptions.successStatus,
			body: {
				object: 'list',
				data: service.subscriptions.list(context.account.id),
				has_more: false,
			},
		}),
		deleteWebhookSubscription: (context) => {
			service.deleteSubscription(context.account, requireId(context));
			return { status: endpoints.deleteWebhookSubscription.successStatus };
		},
		getAccount: (context) => ({
			status: endpoints.getAccount.successStatus,
			body: service.account(context.account),
		}),
	};
}
