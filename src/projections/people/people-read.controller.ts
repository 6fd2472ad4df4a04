import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator.js';
import { TokenService } from '../../auth/token.service.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { CurrentPerson } from '../../people/http/current-person.decorator.js';
import { ProjectionProgress } from '../projection-progress.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { PersonDto, PersonListDto, PersonTokenListDto } from './people.dto.js';
import { PeopleQueries } from './people.queries.js';

const SOURCES = ['people'];

@ApiProblems()
@ApiTags('people')
@ApiBearerAuth()
@Controller('api')
export class PeopleReadController {
  constructor(
    private readonly queries: PeopleQueries,
    private readonly tokens: TokenService,
    private readonly progress: ProjectionProgress,
  ) {}

  @ApiOperation({ summary: 'Everyone invited, with their address, roles and state, in the order they were invited (admins)' })
  @ApiOkResponse({ type: PersonListDto })
  @Access('admin')
  @Get('people')
  async list(@Query() query: ReadConsistencyQuery): Promise<PersonListDto> {
    await this.progress.ensureReached(SOURCES, query.minPosition);
    return { items: await this.queries.list() };
  }

  @ApiOperation({ summary: 'One person, with the roles processes give them (admins)' })
  @ApiOkResponse({ type: PersonDto })
  @Access('admin')
  @Get('people/:personId')
  async get(@Param('personId', uuidParam('personId')) personId: string, @Query() query: ReadConsistencyQuery): Promise<PersonDto> {
    return this.person(personId, query.minPosition);
  }

  @ApiOperation({ summary: 'A person’s API tokens, without secrets (admins)' })
  @ApiOkResponse({ type: PersonTokenListDto })
  @Access('admin')
  @Get('people/:personId/tokens')
  async tokensOf(@Param('personId', uuidParam('personId')) personId: string): Promise<PersonTokenListDto> {
    return { items: await this.tokens.listOwnedBy(personId) };
  }

  @ApiOperation({ summary: 'The signed-in person: address, name, language, roles (anyone signed in as a person)' })
  @ApiOkResponse({ type: PersonDto })
  @Access('read')
  @Get('me')
  async me(@CurrentPerson() personId: string, @Query() query: ReadConsistencyQuery): Promise<PersonDto> {
    return this.person(personId, query.minPosition);
  }

  @ApiOperation({ summary: 'The signed-in person’s API tokens, without secrets (anyone signed in as a person)' })
  @ApiOkResponse({ type: PersonTokenListDto })
  @Access('read')
  @Get('me/tokens')
  async myTokens(@CurrentPerson() personId: string): Promise<PersonTokenListDto> {
    return { items: await this.tokens.listOwnedBy(personId) };
  }

  private async person(personId: string, minPosition: number | undefined): Promise<PersonDto> {
    await this.progress.ensureReached(SOURCES, minPosition);
    const person = await this.queries.get(personId);
    if (!person) throw new NotFoundException(`There is no person ${personId}`);
    return person;
  }
}
