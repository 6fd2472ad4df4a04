import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../projection-registry.js';
import { PeopleProjection } from './people.projection.js';

/** The people read model's projection alone: the rebuild command loads it without the reads, which need the vault's key. */
@Module({ providers: [PeopleProjection] })
export class PeopleProjectionModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: PeopleProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
