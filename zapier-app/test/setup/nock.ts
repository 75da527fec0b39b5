// Every test file starts with nock holding no interceptors and refusing the outside network;
// loopback stays open for the sandbox and the test receivers on port 0. nock shares one
// interceptor across the process, so each file cleans up after itself.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

afterEach(() => {
	nock.cleanAll();
});

afterAll(() => {
	nock.restore();
});
