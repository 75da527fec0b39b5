// `creativeai get <id>`: one job by id, video or voice by its prefix (`voice_...` is voice).
import { Command } from 'commander';

import { generationKindOf } from '../../../core/wait';
import { connectionFor, withClient, type CommandContext } from '../context';
import { printResult } from '../io';

export function getCommand(context: CommandContext): Command {
	return new Command('get')
		.description('Show a video or voice job by id (vgen_... or voice_...)')
		.argument('<id>', 'the generation id')
		.action(async (id: string, _flags: unknown, self: Command) => {
			const connection = connectionFor(context, self);
			await withClient(connection, async ({ client }) => {
				const options = { signal: context.io.stop };
				const generation =
					generationKindOf(id) === 'voice'
						? await client.getVoice(id, options)
						: await client.getVideo(id, options);
				printResult(context.io, JSON.stringify(generation, null, 2));
			});
		});
}
