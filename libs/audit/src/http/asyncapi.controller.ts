import { Public } from '@engine/kernel';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { asyncApiDocument } from '../schemas/asyncapi.document';
import { EventSchemaRegistry } from '../schemas/event-schemas.registry';

/** Public like /docs-json: it describes the contract, never any tenant's data. */
@ApiTags('events')
@Controller('engine/v1')
export class AsyncApiController {
  constructor(private readonly schemas: EventSchemaRegistry) {}

  @Public()
  @Get('asyncapi.json')
  @ApiOkResponse({
    description: 'AsyncAPI 3.0 document of every event type',
    schema: { type: 'object', properties: { asyncapi: { type: 'string' } }, required: ['asyncapi'] },
  })
  @ApiOperation({
    summary: 'AsyncAPI 3.0 document: categories, event types (JSON Schemas) and the SSE channel',
  })
  document() {
    return asyncApiDocument(this.schemas, '0.1.0');
  }
}
