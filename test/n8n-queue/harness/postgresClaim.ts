// The table and the n8n credential behind the "Claim In Postgres" step, made once per cluster.
import type { QueueCluster } from './queueCluster';

export const CLAIMS_TABLE = 'creativeai_claims';
const CREDENTIAL_NAME = 'Queue tests Postgres';

const credentials = new WeakMap<QueueCluster, Promise<string>>();

/** The id of an n8n Postgres credential for the cluster's own database (created once). */
export function postgresCredential(cluster: QueueCluster): Promise<string> {
	let id = credentials.get(cluster);
	if (id === undefined) {
		id = (async () => {
			await cluster.postgres.query(
				`create table if not exists ${CLAIMS_TABLE} (delivery_key text primary key)`,
			);
			return cluster.rest.createCredential(CREDENTIAL_NAME, 'postgres', {
				host: cluster.postgres.host,
				port: cluster.postgres.port,
				database: cluster.postgres.database,
				user: cluster.postgres.user,
				password: '',
				ssl: 'disable',
				maxConnections: 10,
			});
		})();
		credentials.set(cluster, id);
	}
	return id;
}

export { CREDENTIAL_NAME as POSTGRES_CREDENTIAL_NAME };
