import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './roles.js';

@Entity({ name: 'api_tokens' })
export class ApiToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  role: Role;

  /** sha256 of the token: the token itself is shown once and never stored. */
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  /** The person the token acts for; null for tokens made before people existed, and the bootstrap token. */
  @Column('uuid', { name: 'person_id', nullable: true })
  personId: string | null;
}
