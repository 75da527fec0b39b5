// Picks the operation module for the node's resource and operation and runs it over every input
// item at once (see ../helpers/runItems).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, runItems } from '../helpers/runItems';
import { createClient } from '../transport';
import * as account from './account/Account.resource';
import type { CreativeAiType, OperationDependencies, OperationModule } from './node.type';
import * as video from './video/Video.resource';
import * as voice from './voice/Voice.resource';

const operations: { [R in keyof CreativeAiType]: Record<CreativeAiType[R], OperationModule> } = {
	video: video.operations,
	voice: voice.operations,
	account: account.operations,
};

function operationModule(resource: string, operation: string): OperationModule | undefined {
	const byOperation = operations[resource as keyof CreativeAiType] as
		Record<string, OperationModule> | undefined;
	return byOperation?.[operation];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = operationModule(resource, operation);
	if (module === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for the resource "${resource}"`,
		);
	}
	let dependencies: OperationDependencies;
	try {
		dependencies = await createClient(this);
	} catch (error) {
		// A credential the client refuses (an empty key, a Base URL that is not http or https).
		throw new NodeOperationError(
			this.getNode(),
			`The CreativeAI credential cannot be used: ${(error as Error).message}`,
		);
	}
	const concurrency = this.getNodeParameter(
		'options.concurrency',
		0,
		DEFAULT_CONCURRENCY,
	) as number;
	const output = await runItems(this, itemCount, concurrency, async (item) =>
		module.execute.call(this, item, dependencies),
	);
	return [output];
}
