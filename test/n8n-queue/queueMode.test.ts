// n8n in queue mode with the package loaded: one cluster for every case (starting it takes
// a minute or two), stopped and deleted afterwards whatever happened.
import { startQueueCluster, type QueueCluster } from './harness/queueCluster';
import { removeDuplicatesRaceCases } from './cases/removeDuplicatesRace';
import { smokeCases } from './cases/smoke';
import { triggerAtScaleCases } from './cases/triggerAtScale';
import { waitForWebhookCases } from './cases/waitForWebhook';
import { createAndPollCases } from './cases/createAndPoll';

let cluster: QueueCluster | undefined;
const current = (): QueueCluster => {
	if (cluster === undefined) throw new Error('the queue-mode cluster did not start');
	return cluster;
};

beforeAll(async () => {
	cluster = await startQueueCluster();
}, 20 * 60_000);

afterAll(async () => {
	await cluster?.stop();
}, 120_000);

describe('queue-mode infrastructure (n8n nodes only)', () => {
	smokeCases(current);
});

describe('de-duplication in the database under concurrent executions (n8n nodes only)', () => {
	removeDuplicatesRaceCases(current);
});

describe('CreativeAI Trigger in queue mode', () => {
	triggerAtScaleCases(current);
});

describe('CreativeAI node in queue mode', () => {
	createAndPollCases(current);
	waitForWebhookCases(current);
});
