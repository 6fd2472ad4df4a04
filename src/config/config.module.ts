import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './config.js';

/** Where the database is: DATABASE_URL, or the embedded server started before the app. */
export class DatabaseTarget {
  constructor(
    readonly url: string,
    /** The in-process PGlite: one session shared by every connection. */
    readonly embedded: boolean,
  ) {}
}

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, databaseUrl: string, embedded = config.databaseUrl === undefined): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DatabaseTarget, useValue: new DatabaseTarget(databaseUrl, embedded) },
      ],
      exports: [AppConfig, DatabaseTarget],
    };
  }
}
