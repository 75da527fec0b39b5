// Read-only views for tests and people debugging an integration: the jobs with their books and
// the events applied so far, the credit ledger, and every webhook attempt. Same API key as the
// API, and each key sees only its own account.
// Rule: never show an API key or a signature; the events shown are those that already happened,
// not the rest of the plan.
import type { Account } from './auth';
import type { DeliveryLog } from './deliveryLog';
import type { HandlerResult } from './http';
import type { SandboxService } from './service';
import type { Job } from './store';

export const ADMIN_PATHS = ['/admin/jobs', '/admin/ledger', '/admin/deliveries'] as const;
export type AdminPath = (typeof ADMIN_PATHS)[number];

export type AdminHandler = (account: Account, query: URLSearchParams) => HandlerResult;

/** A job as GET shows it, plus what only the operator sees. */
export function adminJobView(service: SandboxService, job: Job) {
	const view = service.view(job);
	const applied = job.plan.events.slice(0, job.appliedEvents).map(({ atMs, ...event }) => ({
		at: new Date(job.createdAtMs + atMs).toISOString(),
		...event,
	}));
	return {
		...view,
		account_id: job.accountId,
		kind: job.kind,
		start_model: job.startModel,
		charged: job.charged,
		refunded_at: job.refundedAtMs === null ? null : new Date(job.refundedAtMs).toISOString(),
		events: applied,
	};
}

export function adminHandlers(
	service: SandboxService,
	log: DeliveryLog,
): Record<AdminPath, AdminHandler> {
	return {
		'/admin/jobs': (account) => {
			service.settleAll();
			const jobs = service.store.list({ accountId: account.id });
			return {
				status: 200,
				body: { object: 'list', data: jobs.map((job) => adminJobView(service, job)) },
			};
		},
		'/admin/ledger': (account) => {
			service.settleAll();
			return {
				status: 200,
				body: {
					object: 'list',
					balance: service.ledger.balance(account.id),
					data: service.ledger.entries(account.id),
				},
			};
		},
		'/admin/deliveries': (account, query) => {
			const generationId = query.get('generation_id') ?? undefined;
			return {
				status: 200,
				body: { object: 'list', data: log.list({ accountId: account.id, generationId }) },
			};
		},
	};
}
