import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';
import { SESSION_COOKIE } from '../../src/auth/sessions/session-cookie.js';
import type { WriteContext } from '../../src/event-store/write-context.js';
import { CreateApiTokenCommand } from '../../src/people/commands/create-api-token/create-api-token.command.js';
import { InvitePersonCommand } from '../../src/people/commands/invite-person/invite-person.command.js';
import { SignInLinks } from '../../src/people/sign-in-links.js';
import { SignIn } from '../../src/people/sign-in/sign-in.service.js';

/** How a person's request proves who it is: what the web page sends, and what an integration sends. */
export interface PersonCredentials {
  /** The Cookie header of a signed-in web page. */
  cookie: string;
  /** The Authorization header of an API token the person made. */
  authorization: string;
}

/** A person invited, joined through their invitation link, and holding a token of their own: the paths a real caller takes. */
export async function aSignedInPerson(app: INestApplication, role: Role): Promise<PersonCredentials> {
  const write = (): WriteContext => ({ actor: { id: 'bench-admin', name: 'Benchmark admin', role: 'admin' }, correlationId: randomUUID() });
  const commands = app.get(CommandBus);
  const { personId } = await commands.execute(
    new InvitePersonCommand({ email: `bench-${randomUUID()}@example.org`, displayName: `Benchmark ${role}`, language: 'en', role }, write()),
  );
  const invitation = await app.get(SignInLinks).issue('invitation', personId);
  const { cookieValue } = await app.get(SignIn).useLink(invitation, randomUUID());
  const { token } = await commands.execute(new CreateApiTokenCommand(personId, { name: 'Benchmark', role }, role, write()));
  if (token === undefined) throw new Error('The token was not returned');
  return { cookie: `${SESSION_COOKIE}=${cookieValue}`, authorization: `Bearer ${token}` };
}
