// Account → Get: the credit balance the service reports, after a job was paid for.
import { executeNode } from '../../support/executeNode';
import { credentialsFor, startSandbox } from '../../support/sandbox';

it('outputs the credit balance', async () => {
	const sandbox = await startSandbox({ initialCredits: 500 });
	const credentials = credentialsFor(sandbox);
	await executeNode({
		parameters: { resource: 'video', operation: 'create', prompt: 'x', model: 'kling-v3' },
		credentials,
	});
	const { output } = await executeNode({
		parameters: { resource: 'account', operation: 'get' },
		credentials,
	});
	expect(output).toHaveLength(1);
	expect(output[0].json).toMatchObject({ object: 'account', credits_balance: sandbox.balance() });
	expect(output[0].json.credits_balance).toBe(497);
});
