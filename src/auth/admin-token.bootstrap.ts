import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/config.js';
import { TokenService } from './token.service.js';

/** BOOTSTRAP_ADMIN_TOKEN is created if missing; a first start with no tokens generates one. */
@Injectable()
export class AdminTokenBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tokens');

  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapAdminToken) {
      if (!(await this.tokens.exists(this.config.bootstrapAdminToken))) {
        await this.tokens.create('bootstrap admin', 'admin', undefined, this.config.bootstrapAdminToken);
        this.logger.log('Created the admin token given in BOOTSTRAP_ADMIN_TOKEN');
      }
      return;
    }
    if ((await this.tokens.countLive()) > 0) return;
    const { token } = await this.tokens.create('first admin', 'admin');
    const file = join(this.config.dataDir, 'admin-token');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    // Printed once, on purpose: this is the only way in on a fresh install.
    console.log(`\nAdmin token (shown once, also written to ${file}):\n\n  ${token}\n`);
  }
}
