import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { EventCursor } from '../event-store/event-store.types.js';
import { isInstantWithOffset } from '../processes/domain/process.validation.js';
import { ReadConsistencyQuery } from '../projections/read-consistency.js';

export const MAX_AUDIT_LIMIT = 500;
export const DEFAULT_AUDIT_LIMIT = 100;

export function encodeAuditCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.transactionId, cursor.position])).toString('base64url');
}

/** The cursor it encodes, or undefined when it is not one this service handed out. */
export function decodeAuditCursor(value: unknown): EventCursor | undefined {
  if (typeof value !== 'string' || value.length > 100 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [transactionId, position] = decoded as unknown[];
    if (typeof transactionId !== 'string' || !/^\d{1,20}$/.test(transactionId) || !Number.isSafeInteger(position) || (position as number) < 0) return undefined;
    return { transactionId, position: position as number };
  } catch {
    return undefined;
  }
}

const isInstant = ValidateBy({
  name: 'isInstant',
  validator: { validate: isInstantWithOffset, defaultMessage: () => '$property must be an ISO 8601 date and time with an offset or Z' },
});

/** The filters shared by the JSON audit log and its NDJSON export. */
export class AuditFilterQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'Only entries after the event at this position, in the order the log is delivered' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'The id (token id) or name of the actor who recorded the event', example: 'ISHR team' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'An event type', example: 'MilestoneCorrected' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (ISO 8601 with an offset)', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @isInstant
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before this instant (ISO 8601 with an offset)' })
  @IsOptional()
  @isInstant
  to?: string;
}

export class AuditQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @ValidateBy({
    name: 'isAuditCursor',
    validator: { validate: (value) => decodeAuditCursor(value) !== undefined, defaultMessage: () => '$property is not a cursor this log handed out' },
  })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_LIMIT, default: DEFAULT_AUDIT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_LIMIT)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ description: 'Token id (or a system name for background work)' })
  id: string;

  @ApiProperty({ example: 'ISHR team' })
  name: string;

  @ApiPropertyOptional({ example: 'editor' })
  role?: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: 42, description: 'Global position in the log' })
  position: number;

  @ApiProperty({ example: 'process-0b7c…' })
  streamId: string;

  @ApiProperty({ example: 3 })
  version: number;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'MilestoneCorrected' })
  type: string;

  @ApiProperty({ example: 1 })
  schemaVersion: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As recorded; personal data only encrypted' })
  data: unknown;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty({ description: 'The request id (X-Request-Id) that wrote it' })
  correlationId: string;

  @ApiProperty({ type: String, nullable: true })
  causationId: string | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ description: 'PostgreSQL transaction id; the log is delivered and sealed in (transactionId, position) order' })
  transactionId: string;

  @ApiProperty({ description: 'sha256 over the previous hash of the stream and the RFC 8785 encoding of the event' })
  hash: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The metadata exactly as hashed' })
  metadata: unknown;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}

export class VerificationDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ example: 120345 })
  checkedEvents: number;

  @ApiProperty({ example: 13 })
  checkedSeals: number;

  @ApiProperty({ description: 'Whether seal signatures were checked against public keys (here: the keys the database records)' })
  signaturesChecked: boolean;

  @ApiProperty({ example: 12 })
  signedSeals: number;

  @ApiProperty({ example: 1, description: 'Seals written before seals were signed: valid unsigned, only before the first signed seal' })
  unsignedSeals: number;

  @ApiPropertyOptional({ description: 'The lowest position whose event or seal does not match' })
  firstBrokenPosition?: number;

  @ApiPropertyOptional({ example: 'the hash of process-… version 3 does not match its content' })
  problem?: string;
}

export class SealDto {
  @ApiProperty({ example: 1 })
  sealNumber: number;

  @ApiProperty()
  firstPosition: number;

  @ApiProperty()
  lastPosition: number;

  @ApiProperty({ description: 'Transaction id of the last event covered' })
  lastTransactionId: string;

  @ApiProperty()
  eventCount: number;

  @ApiProperty({ description: 'Digest of the seal before (64 zeros for the first)' })
  previousDigest: string;

  @ApiProperty({ description: 'sha256 over previousDigest and the hashes of the events covered, in delivery order' })
  digest: string;

  @ApiProperty({ format: 'date-time' })
  sealedAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Ed25519 signature (base64) over the RFC 8785 JSON of {format: "treaty-review-tracker/seal-signature/1", the fields above, keyId}; ' +
      'null on seals written before seals were signed',
  })
  signature: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The key that signed it (see GET /api/audit/public-key)' })
  keyId: string | null;
}

export const MAX_SEAL_LIMIT = 1000;
export const DEFAULT_SEAL_LIMIT = 100;

export class SealPageQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'Only seals after this seal number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (the same as after=<its value>)' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: '$property is not a cursor this list handed out' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEAL_LIMIT, default: DEFAULT_SEAL_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEAL_LIMIT)
  limit?: number;
}

export class SealPageDto {
  @ApiProperty({ type: [SealDto] })
  items: SealDto[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` (or `after`) for the next page; absent on the last page' })
  nextCursor?: string;
}

export class SealJwkDto {
  @ApiProperty({ example: 'OKP' })
  kty: string;

  @ApiProperty({ example: 'Ed25519' })
  crv: string;

  @ApiProperty({ description: 'The public key, base64url' })
  x: string;

  @ApiProperty()
  kid: string;

  @ApiProperty({ example: 'EdDSA' })
  alg: string;

  @ApiProperty({ example: 'sig' })
  use: string;
}

export class SealPublicKeyDto {
  @ApiProperty({ description: 'RFC 7638 JWK thumbprint of the key: what a seal names as keyId' })
  keyId: string;

  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;

  @ApiProperty({ description: 'SubjectPublicKeyInfo, PEM' })
  publicKeyPem: string;

  @ApiProperty({ type: SealJwkDto })
  jwk: SealJwkDto;

  @ApiProperty({ format: 'date-time', description: 'When the tracker first used it' })
  registeredAt: string;
}

export class SealPublicKeysDto {
  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;

  @ApiPropertyOptional({ description: 'The key of the newest signed seal' })
  currentKeyId?: string;

  @ApiProperty({ type: [SealPublicKeyDto], description: 'Every key that ever signed a seal here, oldest first' })
  keys: SealPublicKeyDto[];
}
