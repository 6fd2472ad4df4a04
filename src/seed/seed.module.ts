import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { EventStoreModule } from '../event-store/event-store.module.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { DemoSeed } from './demo-seed.js';

/** Just enough of the service for `npm run seed`: the database (migrations run at start), the event store, the seed. */
@Module({})
export class SeedModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: SeedModule,
      imports: [ConfigModule.forRoot(config, databaseUrl), DatabaseModule, EventStoreModule],
      providers: [ProcessRepository, DemoSeed],
    };
  }
}
