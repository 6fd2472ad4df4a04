import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { PrivacyModule } from '../../privacy/privacy.module.js';
import { PeopleReadController } from './people-read.controller.js';
import { PeopleProjection } from './people.projection.js';
import { PeopleQueries } from './people.queries.js';

/** Imports the token service and the vault itself: contexts without the HTTP app (the rebuild command) load this module too. */
@Module({
  imports: [AuthModule, PrivacyModule],
  providers: [PeopleProjection, PeopleQueries],
  controllers: [PeopleReadController],
  exports: [PeopleProjection],
})
export class PeopleReadModule {}
