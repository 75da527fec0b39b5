// A fake Redis that answers the client's ready check (INFO) and then never answers again: a
// network partition after connecting, which a real redis-server cannot be made to do on cue.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SilentRedis {
	url: string;
	/** Commands received (RESP text), answered or not. */
	received(): string;
	close(): Promise<void>;
}

const INFO_REPLY = 'redis_version:6.2.0\r\nloading:0\r\n';

export async function startSilentRedis(): Promise<SilentRedis> {
	const sockets = new Set<Socket>();
	let received = '';
	// Once anything past the handshake arrives, nothing is answered on any connection again.
	let silent = false;
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.on('data', (data) => {
			const text = data.toString('utf8');
			received += text;
			if (silent) return;
			// The connection handshake, in the order ioredis sends it: CLIENT SETINFO, then INFO.
			for (const command of commandNames(text)) {
				if (command === 'CLIENT') socket.write('+OK\r\n');
				else if (command === 'INFO') socket.write(`$${INFO_REPLY.length}\r\n${INFO_REPLY}\r\n`);
				else silent = true;
				if (silent) return;
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `redis://127.0.0.1:${port}`,
		received: () => received,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** The first word of each RESP array command in `text` (`*2\r\n$4\r\nINFO\r\n...` -> INFO). */
function commandNames(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(/\*\d+\r\n\$\d+\r\n([^\r]*)\r\n/g)) {
		names.push(match[1].toUpperCase());
	}
	return names;
}
