import { Module } from '@nestjs/common';
import { PeopleReadController } from './people-read.controller.js';
import { PeopleQueries } from './people.queries.js';

/**
 * The people's reads, mounted by the HTTP app only: they reveal addresses, so they need the vault's
 * key, which the rebuild command (ProjectionsModule without HTTP) must not need.
 */
@Module({ providers: [PeopleQueries], controllers: [PeopleReadController] })
export class PeopleReadModule {}
