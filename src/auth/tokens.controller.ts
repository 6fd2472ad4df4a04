import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { Access, CurrentPrincipal } from './access.decorator.js';
import { ROLES, type Principal, type Role } from './roles.js';
import { TokenService } from './token.service.js';

export class CreateTokenDto {
  @ApiProperty({ example: 'ISHR treaty body team', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'editor' })
  @IsIn(ROLES)
  role: Role;
}

@ApiProblems()
@ApiTags('tokens')
@ApiBearerAuth()
@Access('admin')
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly tokens: TokenService) {}

  @ApiOperation({ summary: 'Create a token; it is shown this once (admins)' })
  @Post()
  create(@Body() body: CreateTokenDto, @CurrentPrincipal() principal: Principal) {
    return this.tokens.create(body.name.trim(), body.role, principal.tokenId);
  }

  @ApiOperation({ summary: 'Every token, without secrets (admins)' })
  @Get()
  async list() {
    return { items: await this.tokens.list() };
  }

  @ApiOperation({ summary: 'Revoke a token (admins)' })
  @Delete(':id')
  @HttpCode(200)
  async revoke(@Param('id', uuidParam('id')) id: string) {
    if (!(await this.tokens.revoke(id))) throw new NotFoundException(`There is no live token ${id}`);
    return { id, revoked: true };
  }
}
