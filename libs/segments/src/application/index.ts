export * from './change-segments.command-handler';
export * from './datasource.streams';
export * from './mark-segment-used-by-id.command-handler';
export * from './segments.queries';
export * from './segments.query-handlers';
export * from './segments-browse.queries';
