// The resources and operations of the node, and what an operation module exports, so that the
// router indexes them type-safely.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CreativeAiClient } from '../../../src/core';
import type { ItemContext } from '../helpers/itemContext';
import type { CreativeAiCredentials } from '../transport';

export type CreativeAiType = {
	video: 'create' | 'get' | 'getAll' | 'download';
	voice: 'create' | 'get' | 'download';
	account: 'get';
};

export interface OperationDependencies {
	client: CreativeAiClient;
	credentials: CreativeAiCredentials;
}

/** One item's work: its output item(s), or a throw that becomes an error (or error item). */
export type OperationExecute = (
	this: IExecuteFunctions,
	item: ItemContext,
	dependencies: OperationDependencies,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}
