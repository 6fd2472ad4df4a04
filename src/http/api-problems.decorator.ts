import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'buildingBlocks[0]' })
  field: string;

  @ApiProperty({ example: 'each building block must be a number from 1 to 7' })
  message: string;
}

export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:treaty-review-tracker:problem:invalid-request' })
  type: string;

  @ApiProperty({ example: 'The request is not valid' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'buildingBlocks[0]: each building block must be a number from 1 to 7' })
  detail: string;

  @ApiProperty({ example: 'invalid-request', description: 'Stable code, e.g. ends-before-occurs, milestone-retracted, deadline-closed' })
  code: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

const PROBLEMS: [number, string][] = [
  [400, 'Invalid body, query, header or id; domain rule broken (errors names each bad field)'],
  [401, 'No token, or an unknown or revoked one'],
  [403, 'The role may not do this'],
  [404, 'No such process, milestone, deadline or subscription'],
  [409, 'Conflicts with the current state (e.g. correcting a retracted milestone)'],
  [412, 'If-Match named a version the process has moved past'],
  [413, 'Body larger than 256 kB'],
  [422, 'Idempotency-Key reused with a different body'],
  [429, 'Too many requests'],
];

/** Documents the problem+json answers every route may give. */
export const ApiProblems = () =>
  applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ...PROBLEMS.map(([status, description]) =>
      ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } }),
    ),
  );
