// The shape every benchmark returns, so the runner can put them in one table. A benchmark is a
// ratio of two things measured in the same run (these machines are noisy): `subject` is ours,
// `baseline` is the bare alternative.
export interface BenchResult {
	name: string;
	/** What the two numbers count, e.g. "requests/s" or "GET requests". */
	unit: string;
	baseline: number;
	subject: number;
	/** subject / baseline. */
	ratio: number;
	/** Human-readable target, e.g. ">= 0.8x bare undici". */
	target: string;
	pass: boolean;
	/** Any other figures worth reporting (peak memory, lag, rounds). */
	details?: Record<string, unknown>;
}
