export * from './druid-datasources.controller';
export * from './druid-metadata.controller';
export * from './native-segments.controller';
export * from './druid-browse.controller';
export * from './native-segments-browse.controller';
