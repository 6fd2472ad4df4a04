import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { isRole, ROLES } from '../auth/roles.js';
import { TokenService } from '../auth/token.service.js';
import { loadConfig } from '../config/config.js';
import { runMigrationsExclusively } from '../database/run-migrations.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage:
  npm run token -- create --role <${ROLES.join('|')}> --name "<who it is for>"
  npm run token -- list
  npm run token -- revoke <token id>`;

/** Manages API tokens from the command line, on DATABASE_URL or the embedded database. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const [action, id] = positionals;
  if (!['create', 'list', 'revoke'].includes(action)) {
    console.error(USAGE);
    return 2;
  }
  if (action === 'create' && (!isRole(values.role) || !values.name?.trim())) {
    console.error(`create needs --role (${ROLES.join(', ')}) and --name\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run token');
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.databaseUrl ?? embedded!.url,
    entities: [ApiToken],
    migrations,
  });
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource);
    const tokens = new TokenService(dataSource.getRepository(ApiToken));
    if (action === 'create') {
      const created = await tokens.create(values.name!.trim(), values.role as never, 'command line');
      console.log(`Created ${values.role} token ${created.id} for "${values.name!.trim()}". Shown once:\n\n  ${created.token}\n`);
    } else if (action === 'list') {
      for (const token of await tokens.list()) {
        console.log(`${token.id}  ${token.role.padEnd(7)}  ${token.revokedAt ? 'revoked' : 'live   '}  ${token.name}`);
      }
    } else if (!id || !(await tokens.revoke(id))) {
      console.error(`There is no live token ${id ?? '(no id given)'}`);
      return 1;
    } else {
      console.log(`Revoked token ${id}`);
    }
    return 0;
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

runCli(main);
