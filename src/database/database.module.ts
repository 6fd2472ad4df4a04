import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { migrations } from '../../migrations/index.js';
import { DatabaseTarget } from '../config/config.module.js';
import { runMigrationsExclusively } from './run-migrations.js';

export const POOL_SIZE = 20;

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DatabaseTarget],
      useFactory: (target: DatabaseTarget) => ({
        type: 'postgres' as const,
        url: target.url,
        migrations,
        autoLoadEntities: true,
        synchronize: false,
        extra: { max: POOL_SIZE, connectionTimeoutMillis: 10_000 },
        // A lost server is retried by the pool on the next query; start-up waits for it once.
        retryAttempts: 10,
        retryDelay: 1000,
      }),
      // Migrations run here, under a lock, rather than through migrationsRun (which takes none).
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        try {
          await runMigrationsExclusively(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [
    {
      provide: Pool,
      inject: [DataSource],
      // The hot paths (appends, projections) use the pool TypeORM already holds: one pool, one config.
      useFactory: (dataSource: DataSource) => (dataSource.driver as PostgresDriver).master as Pool,
    },
  ],
  exports: [Pool],
})
export class DatabaseModule {}
