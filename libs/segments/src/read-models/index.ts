export * from './segment-used.projection';
export * from './segment-used.queries';
export * from './segment-browse.queries';
