// Voice → Create over real HTTP against the sandbox: the request, Poll until done, the WAV file.
import { executeNode } from '../../support/executeNode';
import { credentialsFor, FAST_POLL, startSandbox } from '../../support/sandbox';

it("Don't wait: one accepted voice job per item, with the form's fields", async () => {
	const sandbox = await startSandbox();
	const { output } = await executeNode({
		parameters: {
			resource: 'voice',
			operation: 'create',
			text: (row: { text: string }) => row.text,
			voice: 'nova',
			additionalFields: { language: 'pt-BR', speed: 1.25 },
		},
		items: [{ text: 'Olá' }, { text: 'Tudo bem?' }],
		credentials: credentialsFor(sandbox),
	});
	expect(output.map((item) => item.json.text)).toEqual(['Olá', 'Tudo bem?']);
	expect(output.map((item) => item.json.object)).toEqual(['voice.generation', 'voice.generation']);
	expect(
		sandbox.jobs().map((job) => ('voice' in job ? [job.voice, job.language, job.speed] : [])),
	).toEqual([
		['nova', 'pt-BR', 1.25],
		['nova', 'pt-BR', 1.25],
	]);
});

it('Poll until done with Download Output: a WAV file named after the job', async () => {
	const sandbox = await startSandbox();
	const { output, files } = await executeNode({
		parameters: {
			resource: 'voice',
			operation: 'create',
			text: 'Welcome to the open house',
			waitMode: 'poll',
			downloadOutput: true,
			binaryPropertyName: 'audio',
			options: FAST_POLL,
		},
		credentials: credentialsFor(sandbox),
	});
	const id = String(output[0].json.id);
	expect(output[0].json.status).toBe('completed');
	expect(output[0].binary?.audio).toMatchObject({ fileName: `${id}.wav` });
	expect(output[0].binary?.audio.mimeType).toMatch(/^audio\/(wav|x-wav|wave)$/);
	const head = files.get(`${id}.wav`)?.subarray(0, 12).toString('latin1') ?? '';
	expect(head.startsWith('RIFF') && head.endsWith('WAVE')).toBe(true);
});
