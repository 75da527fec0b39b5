// `creativeai video create`: submit one video job, optionally wait for it and save the file.
import { Command } from 'commander';

import {
	ASPECT_RATIOS,
	RESOLUTIONS,
	VIDEO_MODELS,
	type CreateVideoInput,
} from '../../../core/contract';
import { parsePositiveNumber, type CommandContext } from '../context';
import { addCreateFlags, runCreate, type CreateFlags } from '../createFlow';

interface VideoCreateFlags extends CreateFlags {
	prompt: string;
	model?: string;
	duration?: string;
	aspectRatio?: string;
	resolution?: string;
	imageUrl?: string;
	failover: boolean;
}

export function videoCreateCommand(context: CommandContext): Command {
	const command = new Command('create')
		.description('Submit a video generation job (202 at once; rendering is asynchronous)')
		.requiredOption('--prompt <text>', 'what the video shows')
		.option('--model <model>', `one of ${VIDEO_MODELS.join(', ')} (default auto)`)
		.option('--duration <seconds>', 'length, such as 5 or 5s')
		.option('--aspect-ratio <ratio>', ASPECT_RATIOS.join(', '))
		.option('--resolution <resolution>', RESOLUTIONS.join(', '))
		.option('--image-url <url>', 'animate this image (image-to-video)')
		.option('--no-failover', 'do not move to a backup provider on capacity errors');
	addCreateFlags(command, parsePositiveNumber);
	command.addHelpText(
		'after',
		'\nExample:\n  creativeai video create --prompt "Drone shot over a lake house" --duration 5s --wait --download ./out',
	);
	return command.action(async (flags: VideoCreateFlags, self: Command) => {
		const input: CreateVideoInput = {
			prompt: flags.prompt,
			model: flags.model as CreateVideoInput['model'],
			duration: flags.duration,
			aspect_ratio: flags.aspectRatio as CreateVideoInput['aspect_ratio'],
			resolution: flags.resolution as CreateVideoInput['resolution'],
			image_url: flags.imageUrl,
			failover: flags.failover,
		};
		await runCreate(context, self, { kind: 'video', input: withoutUndefined(input) }, flags);
	});
}

/** The contract's strict schema treats an explicit `undefined` as absent, but JSON output should not show it. */
function withoutUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
