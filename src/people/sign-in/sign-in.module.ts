import { Global, Module } from '@nestjs/common';
import { PersonAccessSource } from '../../auth/access/person-access.source.js';
import { ChannelsModule } from '../../channels/channels.module.js';
import { PersonStreamAccess } from '../person-access.source.js';
import { PersonRepository } from '../person.repository.js';
import { SignInLinks } from '../sign-in-links.js';
import { FirstAdminLinkBootstrap } from './first-admin-link.bootstrap.js';
import { LinkMail } from './link-mail.js';
import { SignInRequests } from './sign-in-requests.js';
import { SignInController } from './sign-in.controller.js';
import { SignIn } from './sign-in.service.js';

/** Sign-in by e-mail link and the first admin's link; global, since the guard asks it who a person is. */
@Global()
@Module({
  imports: [ChannelsModule],
  controllers: [SignInController],
  providers: [
    PersonRepository,
    SignInLinks,
    { provide: PersonAccessSource, useClass: PersonStreamAccess },
    SignIn,
    LinkMail,
    SignInRequests,
    FirstAdminLinkBootstrap,
  ],
  exports: [PersonRepository, SignInLinks, PersonAccessSource, LinkMail],
})
export class SignInModule {}
