// What one input item's work knows about itself while it runs: its index, the signal that stops
// it (the execution's stop, or a failed sibling when Continue On Fail is off), and the id of the
// job it created, once there is one, so that an error reported for it can quote the id.
export interface ItemContext {
	readonly itemIndex: number;
	readonly signal: AbortSignal;
	jobId?: string;
}
