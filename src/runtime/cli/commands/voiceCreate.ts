// `creativeai voice create`: submit one narration job, optionally wait for it and save the file.
import { Command } from 'commander';

import type { CreateVoiceInput } from '../../../core/contract';
import { parsePositiveNumber, type CommandContext } from '../context';
import { addCreateFlags, runCreate, type CreateFlags } from '../createFlow';

interface VoiceCreateFlags extends CreateFlags {
	text: string;
	voice?: string;
	language?: string;
	speed?: number;
}

export function voiceCreateCommand(context: CommandContext): Command {
	const command = new Command('create')
		.description('Submit a voice (narration) job; same async pattern as video')
		.requiredOption('--text <text>', 'what to say')
		.option('--voice <voice>', 'voice name (default alloy)')
		.option('--language <code>', 'language code such as en or pt-BR (default en)')
		.option('--speed <factor>', 'speaking speed, 0.25 to 4 (default 1)', parsePositiveNumber);
	addCreateFlags(command, parsePositiveNumber);
	command.addHelpText(
		'after',
		'\nExample:\n  creativeai voice create --text "Welcome to 12 Harbor Lane." --voice alloy --wait',
	);
	return command.action(async (flags: VoiceCreateFlags, self: Command) => {
		const input: CreateVoiceInput = { text: flags.text };
		if (flags.voice !== undefined) input.voice = flags.voice;
		if (flags.language !== undefined) input.language = flags.language;
		if (flags.speed !== undefined) input.speed = flags.speed;
		await runCreate(context, self, { kind: 'voice', input }, flags);
	});
}
