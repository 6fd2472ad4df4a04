import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { ApplyResult } from '../../imports.store.js';

export class ApplyImportCommand extends Command<ApplyResult & { importId: string }> {
  constructor(
    readonly processId: string,
    readonly importId: string,
    /** New milestones land as internal drafts, and the file's visibility changes no existing milestone. */
    readonly asDrafts: boolean,
    readonly write: WriteContext,
  ) {
    super();
  }
}
