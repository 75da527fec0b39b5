// Turns zod's issues into the field list a user reads ("duration: must be a number of seconds"),
// so bad input is refused before anything is sent, naming each field that is wrong.
import type { z } from 'zod/v4';

import { ValidationError, type FieldIssue } from '../errors';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
	return error.issues.map((issue) => ({
		field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)',
		message:
			issue.code === 'unrecognized_keys'
				? `unknown field(s) ${issue.keys.join(', ')}`
				: issue.message,
	}));
}

/** Parses `input` or throws a ValidationError that lists every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw new ValidationError(toFieldIssues(result.error));
	return result.data;
}
