import { z } from 'zod/v4';
it('zod v4 api is available', () => {
	expect(z.string().safeParse(1).success).toBe(false);
});
