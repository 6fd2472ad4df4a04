import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { useChannelConstraintFrom } from '../channels/reminder-channel.constraint.js';
import { SESSION_COOKIE } from '../auth/sessions/session-cookie.js';
import { AppConfig } from '../config/config.js';
import { serveWebInterface } from '../web/web-interface.js';
import { sendProblem, toProblem } from './problem-details.filter.js';

export const BODY_LIMIT = '256kb';

/** The web interface loads scripts, styles and data from this service only: no inline code, no third party. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** A lone UTF-16 surrogate (valid JSON, not valid text) cannot be stored or hashed: refuse it as malformed. */
function refuseLoneSurrogates(key: string, value: unknown): unknown {
  const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
  if (!wellFormed(key) || (typeof value === 'string' && !wellFormed(value))) {
    throw new SyntaxError(`the text at "${key}" holds a lone UTF-16 surrogate`);
  }
  return value;
}

/** Everything about HTTP that is not a route: body limits, security headers, errors, the API docs. */
export function configureHttp(app: INestApplication): void {
  // The client address (rate limits) comes from X-Forwarded-For only as far as TRUST_PROXY says.
  (app.getHttpAdapter().getInstance() as express.Application).set('trust proxy', app.get(AppConfig).trustProxy);
  useChannelConstraintFrom(app);
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  // Swagger UI and the queue dashboard boot with inline scripts; every other page keeps the strict policy.
  const forDocs = helmet({ contentSecurityPolicy: false });
  const inlineScripts = (path: string) => path.startsWith('/docs') || path.startsWith('/admin/queues');
  app.use((req: Request, res: Response, next: NextFunction) => (inlineScripts(req.path) ? forDocs : strict)(req, res, next));
  serveWebInterface(app);
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'], reviver: refuseLoneSurrogates }));
  // Body parser errors (too large, malformed) happen before Nest sees the request.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendProblem(res, toProblem(error, req));
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Treaty review tracker')
      .setDescription(
        'Record every step of a UN treaty body review as an event, see the timeline and building-block progress, ' +
          'get deadline reminders, and audit the history. Roles: viewer (read), editor (read, record), ' +
          'auditor (read, audit log, confidential entries), admin (everything). Errors are application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
