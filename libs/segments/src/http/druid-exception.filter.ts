import { describeKernelError, ReplyLike } from '@engine/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { SegmentsError } from '../domain';
import { DruidInvalidInputError, DruidPlainTextError, DruidUnsupportedMediaTypeError } from './druid.errors';

type Rendered = { status: number; text: string } | { status: number; json: unknown };

/**
 * Every error on the Druid routes, in Druid's shapes: plain text where Druid answers plain text
 * (invalid markUsed/markUnused payload, unparseable single segment ID), Druid's DruidException
 * JSON for invalid input, and `{"error": "..."}` otherwise. Druid's own 401/403 are Jetty pages;
 * we pick the plain JSON `{"error": "..."}` for them. Never a stack trace.
 */
@Catch()
export class DruidExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DruidExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const rendered = this.render(error);
    if ('text' in rendered) {
      reply.status(rendered.status).header('content-type', 'text/plain; charset=utf-8').send(rendered.text);
    } else {
      reply
        .status(rendered.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(rendered.json);
    }
  }

  private render(error: unknown): Rendered {
    if (error instanceof DruidPlainTextError) return { status: 400, text: error.message };
    if (error instanceof DruidUnsupportedMediaTypeError) return { status: 415, text: error.message };
    if (error instanceof SegmentsError && error.code === 'INVALID_SEGMENT_ID')
      return { status: 400, text: error.message };
    if (error instanceof SegmentsError || error instanceof DruidInvalidInputError) {
      return { status: 400, json: druidInvalidInput(error.message) };
    }
    const known = describeKernelError(error);
    if (known) return { status: known.status, json: { error: known.message } };
    this.logger.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    return { status: 500, json: { error: 'Server error' } };
  }
}

function druidInvalidInput(message: string) {
  return {
    error: 'druidException',
    errorCode: 'invalidInput',
    persona: 'USER',
    category: 'INVALID_INPUT',
    errorMessage: message,
    context: {},
  };
}
