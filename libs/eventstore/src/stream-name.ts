/** Stream names are `<category>-<tenant>/<id>` with each component URL-encoded. */
export function streamName(category: string, tenant: string, ...idParts: string[]): string {
  if (!/^[a-z][a-z0-9]*$/.test(category)) throw new Error(`invalid stream category: ${category}`);
  if (idParts.length === 0) throw new Error('a stream needs an id');
  return `${category}-${[tenant, ...idParts].map(encodeURIComponent).join('/')}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export interface ParsedStreamName {
  category: string;
  tenant: string;
  id: string[];
}

export function parseStreamName(stream: string): ParsedStreamName | undefined {
  const dash = stream.indexOf('-');
  if (dash < 1) return undefined;
  const [tenant, ...id] = stream
    .slice(dash + 1)
    .split('/')
    .map((p) => decodeURIComponent(p));
  if (tenant === undefined || id.length === 0) return undefined;
  return { category: stream.slice(0, dash), tenant, id };
}
