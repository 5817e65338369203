export * from './druid-datasources.controller';
export * from './druid-metadata.controller';
export * from './native-segments.controller';
