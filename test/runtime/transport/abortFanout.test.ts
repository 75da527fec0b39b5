import { getEventListeners } from 'node:events';

import { unwatchAbort, watchAbort } from '../../../src/runtime/transport/abortFanout';

function target() {
	return { abort: jest.fn() };
}

describe('watchAbort', () => {
	it('adds one listener to a signal however many requests watch it', () => {
		const controller = new AbortController();
		for (let i = 0; i < 20; i++) watchAbort(controller.signal, target());
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
	});

	it("hands every request in flight the signal's reason when it aborts", () => {
		const controller = new AbortController();
		const targets = [target(), target(), target()];
		for (const t of targets) watchAbort(controller.signal, t);
		const reason = new Error('stop');
		controller.abort(reason);
		for (const t of targets) expect(t.abort).toHaveBeenCalledWith(reason);
	});

	it('leaves out a request that ended before the abort', () => {
		const controller = new AbortController();
		const ended = target();
		const running = target();
		watchAbort(controller.signal, ended);
		watchAbort(controller.signal, running);
		unwatchAbort(controller.signal, ended);
		controller.abort();
		expect(ended.abort).not.toHaveBeenCalled();
		expect(running.abort).toHaveBeenCalledTimes(1);
	});

	it('keeps the signals apart', () => {
		const first = new AbortController();
		const second = new AbortController();
		const onFirst = target();
		const onSecond = target();
		watchAbort(first.signal, onFirst);
		watchAbort(second.signal, onSecond);
		first.abort();
		expect(onFirst.abort).toHaveBeenCalledTimes(1);
		expect(onSecond.abort).not.toHaveBeenCalled();
	});

	it('ignores unwatching a signal it never saw', () => {
		expect(() => unwatchAbort(new AbortController().signal, target())).not.toThrow();
	});
});
