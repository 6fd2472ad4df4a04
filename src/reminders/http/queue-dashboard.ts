import { InjectQueue } from '@nestjs/bullmq';
import { ForbiddenException, HttpException, Injectable, UnauthorizedException, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { roleCan } from '../../auth/roles.js';
import { Authenticator } from '../../auth/access/authenticator.js';
import { AppConfig } from '../../config/config.js';
import { sendProblem, toProblem } from '../../http/problem-details.filter.js';
import { REMINDERS_QUEUE, type SendReminderJob } from '../queue/reminder-queue.js';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (@bull-board) at /admin/queues, for admin tokens only. It is an Express
 * router outside Nest's routing, so it checks the bearer token itself, as the AuthGuard would.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly http: HttpAdapterHost,
    private readonly authenticator: Authenticator,
    private readonly config: AppConfig,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<SendReminderJob>,
  ) {}

  onModuleInit(): void {
    if (!this.config.runsHttp || !this.http.httpAdapter) return;
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(this.queue, { readOnlyMode: false })], serverAdapter });
    const app = this.http.httpAdapter.getInstance<{ use: (...handlers: unknown[]) => void }>();
    app.use(DASHBOARD_PATH, (req: Request, res: Response, next: NextFunction) => void this.adminOnly(req, res, next), serverAdapter.getRouter());
  }

  private async adminOnly(req: Request, res: Response, next: NextFunction): Promise<void> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const refuse = (error: HttpException) => sendProblem(res, toProblem(error, req));
    if (!match) return refuse(new UnauthorizedException('The queue dashboard needs an admin token: Authorization: Bearer <token>'));
    try {
      const principal = await this.authenticator.byToken(match[1]);
      if (!principal) return refuse(new UnauthorizedException('The token is unknown or revoked'));
      if (!roleCan(principal.role, 'admin')) return refuse(new ForbiddenException(`The ${principal.role} role may not open the queue dashboard (it needs admin)`));
      next();
    } catch (error) {
      next(error);
    }
  }
}
