import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { AdminSuccession } from './admin-succession.js';
import { ChangeProfileHandler } from './commands/change-profile/change-profile.handler.js';
import { ChangeRoleHandler } from './commands/change-role/change-role.handler.js';
import { CreateApiTokenHandler } from './commands/create-api-token/create-api-token.handler.js';
import { DeactivatePersonHandler } from './commands/deactivate-person/deactivate-person.handler.js';
import { GrantProcessRoleHandler } from './commands/grant-process-role/grant-process-role.handler.js';
import { InvitePersonHandler } from './commands/invite-person/invite-person.handler.js';
import { JoinTrackerHandler } from './commands/join-tracker/join-tracker.handler.js';
import { ReactivatePersonHandler } from './commands/reactivate-person/reactivate-person.handler.js';
import { RevokeApiTokenHandler } from './commands/revoke-api-token/revoke-api-token.handler.js';
import { WithdrawProcessRoleHandler } from './commands/withdraw-process-role/withdraw-process-role.handler.js';
import { MeController } from './me.controller.js';
import { PeopleController } from './people.controller.js';

const COMMAND_HANDLERS = [
  InvitePersonHandler,
  JoinTrackerHandler,
  ChangeProfileHandler,
  ChangeRoleHandler,
  GrantProcessRoleHandler,
  WithdrawProcessRoleHandler,
  DeactivatePersonHandler,
  ReactivatePersonHandler,
  CreateApiTokenHandler,
  RevokeApiTokenHandler,
];

/** People's write side: invitations, roles, deactivation, tokens; the read side is src/projections/people. */
@Module({
  imports: [CqrsModule, IdempotencyModule],
  controllers: [PeopleController, MeController],
  // PersonRepository, SignInLinks and LinkMail come from the global SignInModule: one cache of people per process.
  providers: [AdminSuccession, IdempotencyInterceptor, ...COMMAND_HANDLERS],
})
export class PeopleModule {}
