// Debian's HAProxy in front of n8n, as a queue-mode deployment has it: `/webhook/` and
// `/webhook-waiting/` go round-robin to the webhook processors, everything else to main.
// Its admin socket lets a test make the balancer answer 500 to webhooks for a while, AFTER the
// webhook processor has handled the request (`http-response`): the sender sees a failure for a
// delivery n8n already accepted, and retries, which is how real duplicates reach n8n.
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { freeLoopbackPort } from '../../setup/redisServer';
import { startGroup, type ProcessGroup } from './processGroup';
import { waitUntil } from './waitUntil';

export interface Backend {
	name: string;
	port: number;
}

export interface ServerStats {
	/** HTTP requests the balancer sent to this server. */
	requests: number;
	/** Answers by class as the server gave them (before any rewrite by the balancer). */
	status2xx: number;
	status4xx: number;
	status5xx: number;
}

export interface HaProxy {
	port: number;
	url: string;
	/** A second entrance that balances webhooks by delivery id instead of round-robin. */
	byDeliveryUrl: string;
	group: ProcessGroup;
	/** Per webhook-processor counts, from HAProxy's own statistics. */
	webhookStats(): Promise<Record<string, ServerStats>>;
	/** Every request answered so far, in order (HAProxy logs each when it ends). */
	answers(): LoggedAnswer[];
	/** While on, every webhook answer becomes a 500 (the request was still handled by n8n). */
	setWebhookAnswersFail(on: boolean): Promise<void>;
}

const FAULT_KEY = 'webhook';
const LOG_TAG = 'ANSWER';
const DELIVERY_ID_HEADER = 'X-CreativeAI-Delivery-Id';

/** One answered request: which server, what it answered, what the client got. */
export interface LoggedAnswer {
	server: string;
	upstreamStatus: number | null;
	sentStatus: number;
	/** How long the server took to answer (-1 when it did not). */
	responseMs: number;
	/** The request path with its query. */
	path: string;
}

function config(
	port: number,
	stickyPort: number,
	main: Backend,
	webhooks: Backend[],
	socketPath: string,
	mapPath: string,
): string {
	const servers = webhooks.map((w) => `\tserver ${w.name} 127.0.0.1:${w.port}`).join('\n');
	return `global
	stats socket ${socketPath} mode 600 level admin
	maxconn 4096
	log stdout format raw local0

defaults
	mode http
	option dontlognull
	log global
	log-format "${LOG_TAG} %s %[var(txn.upstream_status)] %ST %Tr %HU"
	timeout connect 5s
	timeout client 120s
	timeout server 120s

frontend n8n
	bind 127.0.0.1:${port}
	acl is_webhook path_beg /webhook/ /webhook-waiting/
	use_backend webhook_processors if is_webhook
	default_backend main

# The same processors, chosen by the delivery's X-CreativeAI-Delivery-Id (round-robin without it):
# every copy and retry of one job's delivery then reaches the same process and its claim.
frontend n8n_by_delivery
	bind 127.0.0.1:${stickyPort}
	acl is_webhook path_beg /webhook/ /webhook-waiting/
	use_backend webhook_by_delivery if is_webhook
	default_backend main

backend webhook_by_delivery
	balance hdr(${DELIVERY_ID_HEADER})
	hash-type consistent
	http-response set-var(txn.upstream_status) status
${servers}

backend webhook_processors
	balance roundrobin
	http-response set-var(txn.upstream_status) status
	http-response set-status 500 if { str(${FAULT_KEY}),map(${mapPath}) -m found }
${servers}

backend main
	server main 127.0.0.1:${main.port}
`;
}

function adminCommand(socketPath: string, command: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = createConnection(socketPath);
		let out = '';
		socket.on('data', (chunk: Buffer) => (out += chunk.toString()));
		socket.once('error', reject);
		socket.once('end', () => resolve(out));
		socket.once('connect', () => socket.write(`${command}\n`));
	});
}

function parseAnswers(log: string): LoggedAnswer[] {
	const answers: LoggedAnswer[] = [];
	for (const line of log.split('\n')) {
		const [tag, server, upstream, sent, responseMs, path] = line.trim().split(' ');
		if (tag !== LOG_TAG || sent === undefined) continue;
		answers.push({
			server,
			upstreamStatus: /^\d+$/.test(upstream) ? Number(upstream) : null,
			sentStatus: Number(sent),
			responseMs: Number(responseMs),
			path: path ?? '',
		});
	}
	return answers;
}

function parseStats(csv: string, backend: string): Record<string, ServerStats> {
	const [header, ...rows] = csv.trim().split('\n');
	const columns = header.replace(/^# /, '').split(',');
	const at = (row: string[], name: string): number => Number(row[columns.indexOf(name)] || 0);
	const stats: Record<string, ServerStats> = {};
	for (const line of rows) {
		const row = line.split(',');
		if (row[0] !== backend || row[1] === 'BACKEND') continue;
		stats[row[1]] = {
			requests: at(row, 'stot'),
			status2xx: at(row, 'hrsp_2xx'),
			status4xx: at(row, 'hrsp_4xx'),
			status5xx: at(row, 'hrsp_5xx'),
		};
	}
	return stats;
}

export async function startHaProxy(
	scratchDir: string,
	main: Backend,
	webhooks: Backend[],
	port?: number,
): Promise<HaProxy> {
	const listenPort = port ?? (await freeLoopbackPort());
	const socketPath = join(scratchDir, 'haproxy.sock');
	const mapPath = join(scratchDir, 'haproxy-faults.map');
	const configPath = join(scratchDir, 'haproxy.cfg');
	writeFileSync(mapPath, '');
	const stickyPort = await freeLoopbackPort();
	writeFileSync(configPath, config(listenPort, stickyPort, main, webhooks, socketPath, mapPath));
	const logPath = join(scratchDir, 'haproxy.log');
	const group = startGroup({
		name: 'haproxy',
		command: 'haproxy',
		args: ['-db', '-f', configPath],
		logPath,
	});
	const url = `http://127.0.0.1:${listenPort}`;
	await waitUntil(
		'haproxy',
		async () => (await adminCommand(socketPath, 'show info')).includes('Name: HAProxy'),
		10_000,
		group,
	);
	return {
		port: listenPort,
		url,
		byDeliveryUrl: `http://127.0.0.1:${stickyPort}`,
		group,
		answers: () => parseAnswers(readFileSync(logPath, 'utf8')),
		webhookStats: async () =>
			parseStats(await adminCommand(socketPath, 'show stat'), 'webhook_processors'),
		setWebhookAnswersFail: async (on) => {
			const command = on ? `add map ${mapPath} ${FAULT_KEY} on` : `del map ${mapPath} ${FAULT_KEY}`;
			await adminCommand(socketPath, command);
		},
	};
}
