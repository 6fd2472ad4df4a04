import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { redisKeyPrefix, redisOptions } from './config/redis.js';
import { DatabaseModule } from './database/database.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { RedisThrottlerStorage } from './http/rate-limit/redis-throttler.storage.js';
import { RequestLogMiddleware } from './http/request-log.middleware.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { ErasuresModule } from './erasures/erasures.module.js';
import { HttpMetricsMiddleware } from './operations/http-metrics.middleware.js';
import { OperationsModule } from './operations/operations.module.js';
import { PeopleModule } from './people/people.module.js';
import { OidcModule } from './people/oidc/oidc.module.js';
import { SignInModule } from './people/sign-in/sign-in.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ProcessesModule } from './processes/processes.module.js';
import { LiveModule } from './projections/live/live.module.js';
import { PeopleReadModule } from './projections/people/people-read.module.js';
import { ProjectionsModule } from './projections/projections.module.js';
import { READ_MODEL_MODULES } from './read-model-modules.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { DemoModule } from './seed/demo.module.js';

/** One window a minute per client; counted in Redis when there is one, so all instances share it. */
function rateLimits(config: AppConfig, perMinute: number, databaseUrl: string): ThrottlerModuleOptions {
  const throttlers = [{ ttl: 60_000, limit: perMinute }];
  if (!config.redisUrl || !config.runsHttp) return { throttlers };
  return { throttlers, storage: new RedisThrottlerStorage(redisOptions(config.redisUrl), redisKeyPrefix(databaseUrl)) };
}

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware, HttpMetricsMiddleware).forRoutes('*');
  }

  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    const reminders = RemindersModule.forRoot({ config, databaseUrl });
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, databaseUrl),
        // The Nest logger only: request lines come from RequestLogMiddleware, not pino-http's middleware.
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel }, forRoutes: [] }),
        ...(config.rateLimitPerMinute === 'off' ? [] : [ThrottlerModule.forRoot(rateLimits(config, config.rateLimitPerMinute, databaseUrl))]),
        DatabaseModule,
        EventStoreModule,
        PrivacyModule,
        AuthModule,
        SignInModule,
        ProcessesModule,
        ImportsModule,
        PeopleModule,
        ProjectionsModule,
        ...READ_MODEL_MODULES,
        LiveModule,
        PeopleReadModule,
        reminders,
        AuditModule,
        CalendarFeedsModule,
        ErasuresModule,
        DemoModule,
        OidcModule,
        OperationsModule.askingHealthOf(reminders),
      ],
      providers: [
        ...(config.rateLimitPerMinute === 'off' ? [] : [{ provide: APP_GUARD, useClass: ThrottlerGuard }]),
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
