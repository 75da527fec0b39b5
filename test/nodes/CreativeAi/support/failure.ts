// The error a run of the node ends with (the test fails if it does not throw), typed loosely so a
// test can read n8n's error fields (httpCode, description, context).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NodeErrorFields = Error & Record<string, any>;

export async function failureOf(promise: Promise<unknown>): Promise<NodeErrorFields> {
	try {
		await promise;
	} catch (error) {
		return error as NodeErrorFields;
	}
	throw new Error('expected the node to throw');
}
