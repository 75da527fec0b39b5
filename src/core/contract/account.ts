// GET /v1/account (ours): the credit balance, so a user (and the sandbox's tests) can see that a
// failed job's credits came back exactly once.
import { z } from 'zod/v4';

export const accountSchema = z.looseObject({
	object: z.literal('account'),
	credits_balance: z.number(),
});
export type Account = z.infer<typeof accountSchema>;
