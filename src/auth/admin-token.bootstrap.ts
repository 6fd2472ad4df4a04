import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config.js';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { ApiToken } from './api-token.entity.js';
import { TokenService } from './token.service.js';

/**
 * BOOTSTRAP_ADMIN_TOKEN is created if missing; a first start with no tokens generates one. Under a
 * lock: instances starting together would otherwise both create it (a duplicate key, or two tokens).
 */
@Injectable()
export class AdminTokenBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tokens');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [...ADVISORY_LOCKS.adminTokenBootstrap]);
      const tokens = new TokenService(manager.getRepository(ApiToken));
      if (this.config.bootstrapAdminToken) {
        if (await tokens.exists(this.config.bootstrapAdminToken)) return undefined;
        await tokens.create('bootstrap admin', 'admin', undefined, this.config.bootstrapAdminToken);
        this.logger.log('Created the admin token given in BOOTSTRAP_ADMIN_TOKEN');
        return undefined;
      }
      if ((await tokens.countLive()) > 0) return undefined;
      return (await tokens.create('first admin', 'admin')).token;
    });
    if (created) await this.announceFirstToken(created);
  }

  private async announceFirstToken(token: string): Promise<void> {
    const file = join(this.config.dataDir, 'admin-token');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    // Printed once, on purpose: this is the only way in on a fresh install.
    console.log(`\nAdmin token (shown once, also written to ${file}):\n\n  ${token}\n`);
  }
}
