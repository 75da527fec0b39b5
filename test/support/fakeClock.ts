// A clock the test moves by hand, for the core's `Clock` port: expiry and tolerance rules are
// checked to the millisecond without waiting.
export function fakeClock(startMs: number) {
	let now = startMs;
	return {
		clock: () => now,
		advance: (ms: number) => {
			now += ms;
		},
	};
}
