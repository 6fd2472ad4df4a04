import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApplicationError, type ErrorKind } from '../errors/application-error.js';
import { StreamVersionConflict } from '../event-store/event-store.errors.js';
import { hasMessage, t, type MessageKey } from '../i18n/catalogues.js';
import type { Language } from '../i18n/languages.js';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem-details.js';
import { requestLanguage } from './request-language.js';

const KIND_STATUS: Record<ErrorKind, number> = { validation: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409, 'too-large': 413, 'unsupported-media-type': 415, 'too-many-requests': 429, unavailable: 503 };

const HTTP_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

type ProblemRequest = Pick<Request, 'headers' | 'originalUrl' | 'query' | 'acceptsLanguages'> & { id?: unknown };

/**
 * Turns any error into problem+json; application errors by their stable code and kind, nothing else leaks.
 * The title is for people, in the request's language; the code stays the same in every language.
 */
export function toProblem(error: unknown, request: ProblemRequest): ProblemDetails {
  const language = requestLanguage(request);
  const title = (code: string, fallback: MessageKey) => problemTitle(language, code, fallback);
  const base = { instance: request.originalUrl, requestId: request.id === undefined ? undefined : String(request.id) };
  if (error instanceof StreamVersionConflict) {
    const conditional = request.headers['if-match'] !== undefined;
    return {
      ...base,
      type: problemType(conditional ? 'precondition-failed' : 'concurrent-change'),
      title: title(conditional ? 'precondition-failed' : 'concurrent-change', 'problemKind.conflict'),
      status: conditional ? 412 : 409,
      detail: conditional
        ? `If-Match named version ${error.expectedVersion}, the process is at version ${error.actualVersion}: read it again and retry`
        : 'Retry the request',
      code: conditional ? 'precondition-failed' : 'concurrent-change',
    };
  }
  if (error instanceof ApplicationError) {
    return {
      ...base,
      type: problemType(error.code),
      title: title(error.code, `problemKind.${error.kind}`),
      status: KIND_STATUS[error.kind],
      detail: error.message,
      code: error.code,
      ...(error.fieldErrors && { errors: [...error.fieldErrors] }),
    };
  }
  const bodyParserStatus = bodyParserError(error);
  if (bodyParserStatus) return { ...base, ...bodyParserStatus, title: title(bodyParserStatus.code, 'problem.request-failed') };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_CODES[status] ?? `http-${status}`;
    const response = error.getResponse();
    const detail = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
    // /health answers 503 with what is down; keep that as an extension member of the problem.
    const health = typeof response === 'object' && response !== null && 'details' in response ? { health: response } : {};
    return { ...base, type: problemType(code), title: title(code, 'problem.request-failed'), status, detail, code, ...health };
  }
  return {
    ...base,
    type: problemType('internal-error'),
    title: title('internal-error', 'problem.request-failed'),
    status: 500,
    detail: 'The error was logged; nothing you sent was written',
    code: 'internal-error',
  };
}

function bodyParserError(error: unknown): Omit<ProblemDetails, 'instance' | 'requestId' | 'title'> | undefined {
  const type = (error as { type?: unknown })?.type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return { type: problemType('payload-too-large'), status: 413, detail: `Bodies may be at most ${limit} bytes`, code: 'payload-too-large' };
  }
  if (type === 'entity.parse.failed') {
    return { type: problemType('malformed-json'), status: 400, detail: (error as Error).message, code: 'malformed-json' };
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { type: problemType('unsupported-media-type'), status: 415, detail: (error as Error).message, code: 'unsupported-media-type' };
  }
  return undefined;
}

/** The catalogue's title for the code; a code it has no title for yet gets the title of its kind. */
function problemTitle(language: Language, code: string, fallback: MessageKey): string {
  const key = `problem.${code}`;
  return t(language, hasMessage(language, key) ? key : fallback);
}

export function sendProblem(response: Response, problem: ProblemDetails): void {
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: unknown }>();
    const response = context.getResponse<Response>();
    const problem = toProblem(error, request);
    if (problem.status === 500) this.logger.error({ err: error, requestId: problem.requestId }, 'Unhandled error');
    if (response.headersSent) return;
    if (error instanceof ApplicationError && error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    sendProblem(response, problem);
  }
}
