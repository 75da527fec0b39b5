// Every test file starts with nock holding no interceptors and refusing the outside network;
// loopback stays open for the tests that run real servers on port 0.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterEach(() => {
	nock.cleanAll();
});

afterAll(() => {
	nock.restore();
});
