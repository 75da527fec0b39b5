// Sends requests through the balancer all at once and returns their statuses.
export async function postAll(url: string, bodies: unknown[]): Promise<number[]> {
	return Promise.all(
		bodies.map(async (body) => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			await response.arrayBuffer();
			return response.status;
		}),
	);
}
