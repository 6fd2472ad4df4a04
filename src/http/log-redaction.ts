/** Secrets a request carries that must never reach a log line: tokens, cookies, calendar feed keys. */
export const redactedLogPaths = ['req.headers.authorization', 'req.headers.cookie', 'req.query.key'];

const feedKeyInQuery = /([?&]key=)[^&#]*/gi;

/** The request as pino logs it, with a feed key in the URL blanked (calendar clients can only send it there). */
export function withoutSecretsInUrl<T extends { url?: string }>(request: T): T {
  return request.url ? { ...request, url: request.url.replace(feedKeyInQuery, '$1[redacted]') } : request;
}

