// Account → Get: the credit balance the service reports, after a job was paid for.
import { NodeOperationError } from 'n8n-workflow';

import { executeNode } from '../../support/executeNode';
import { failureOf } from '../../support/failure';
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

it('a credential with a Base URL that is not http(s) is a plain error naming the field', async () => {
	const error = await failureOf(
		executeNode({
			parameters: { resource: 'account', operation: 'get' },
			credentials: { apiKey: 'rph_live_some_key_0000', baseUrl: 'ftp://api.example.com' },
		}),
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toBe(
		'The CreativeAI credential cannot be used: baseUrl must be an http or https URL, such as https://api.creativeai.run',
	);
	expect(error.message).not.toContain('rph_live_some_key_0000');
});
