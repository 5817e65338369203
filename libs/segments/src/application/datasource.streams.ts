import { streamName } from '@engine/eventstore';

/** One stream per datasource: `datasource-<tenant>/<datasource>`. */
export function datasourceStream(tenant: string, datasource: string): string {
  return streamName('datasource', tenant, datasource);
}
