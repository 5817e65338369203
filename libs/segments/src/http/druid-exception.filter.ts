import { DomainError, EngineExceptionFilter, ErrorReply, KernelErrorDescription } from '@engine/kernel';
import { Catch } from '@nestjs/common';
import type { SegmentsErrorCode } from '../domain';
import { DruidInvalidInputError, DruidPlainTextError, DruidUnsupportedMediaTypeError } from './druid.errors';

/** How Druid answers each segments refusal: all 400, as plain text or as its DruidException JSON. */
const DOMAIN_ERRORS: Readonly<Record<SegmentsErrorCode, 'text' | 'invalidInput'>> = {
  // Druid's SegmentId parse failure is a plain-text 400.
  INVALID_SEGMENT_ID: 'text',
  INVALID_SEGMENT: 'invalidInput',
  UNPARSEABLE_SEGMENT_IDS: 'invalidInput',
  UNKNOWN_SEGMENT_IDS: 'invalidInput',
};

/**
 * Every error on the Druid routes, in Druid's shapes: plain text where Druid answers plain text
 * (invalid markUsed/markUnused payload, unparseable single segment ID), Druid's DruidException
 * JSON for invalid input, and `{"error": "..."}` otherwise. Druid's own 401/403 are Jetty pages;
 * we pick the plain JSON `{"error": "..."}` for them. Never a stack trace.
 */
@Catch()
export class DruidExceptionFilter extends EngineExceptionFilter<SegmentsErrorCode> {
  protected readonly domainErrors = DOMAIN_ERRORS;

  protected override dialectError(error: unknown): ErrorReply | undefined {
    if (error instanceof DruidPlainTextError) return text(400, error.message);
    if (error instanceof DruidUnsupportedMediaTypeError) return text(415, error.message);
    if (error instanceof DruidInvalidInputError) return json(400, druidInvalidInput(error.message));
    return undefined;
  }

  protected domainError(error: DomainError<SegmentsErrorCode>): ErrorReply {
    return DOMAIN_ERRORS[error.code] === 'text'
      ? text(400, error.message)
      : json(400, druidInvalidInput(error.message));
  }

  protected kernelError({ status, message }: KernelErrorDescription): ErrorReply {
    return json(status, { error: message });
  }

  protected internalError(): ErrorReply {
    return json(500, { error: 'Server error' });
  }
}

function text(status: number, body: string): ErrorReply {
  return { status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

function json(status: number, body: unknown): ErrorReply {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8' } };
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
