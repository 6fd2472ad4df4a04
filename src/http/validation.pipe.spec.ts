import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max } from 'class-validator';
import { createValidationPipe } from './validation.pipe.js';
import { RequestValidationError } from '../errors/application-error.js';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString({ each: true })
  kind?: string[];
}

class OtherQuery {
  @IsOptional()
  @IsString()
  limit?: string;
}

class Body {
  @IsString()
  title!: string;
}

describe('the validation pipe', () => {
  const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });

  it('validates a query string once and hands the same frozen result to whoever sends it again', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '50', kind: ['meeting'] }, query(PageQuery))) as PageQuery;
    const again = await pipe.transform({ limit: '50', kind: ['meeting'] }, query(PageQuery));
    expect(first).toBeInstanceOf(PageQuery);
    expect(first).toEqual({ limit: 50, kind: ['meeting'] });
    expect(again).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.kind)).toBe(true);
    expect(await pipe.transform({ limit: '20' }, query(PageQuery))).toEqual({ limit: 20 });
  });

  it('remembers a bounded number of query strings, forgetting the oldest first', async () => {
    const pipe = createValidationPipe();
    const first = await pipe.transform({ limit: '1' }, query(PageQuery));
    for (let n = 0; n < 1_000; n++) await pipe.transform({ kind: [`kind-${n}`] }, query(PageQuery));
    expect(await pipe.transform({ limit: '1' }, query(PageQuery))).not.toBe(first);
  });

  it('refuses an invalid query every time it comes', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) await expect(pipe.transform({ limit: '500' }, query(PageQuery))).rejects.toBeInstanceOf(RequestValidationError);
  });

  it('keeps the results of two query classes apart', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ limit: '50' }, query(PageQuery));
    expect(await pipe.transform({ limit: '50' }, query(OtherQuery))).toEqual(Object.assign(new OtherQuery(), { limit: '50' }));
  });

  it('validates every body afresh', async () => {
    const pipe = createValidationPipe();
    const metadata = { type: 'body' as const, metatype: Body, data: undefined };
    const first = await pipe.transform({ title: 'A' }, metadata);
    const again = await pipe.transform({ title: 'A' }, metadata);
    expect(again).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });
});
