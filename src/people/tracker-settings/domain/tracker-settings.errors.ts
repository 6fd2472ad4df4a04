import { ApplicationError, type FieldError } from '../../../errors/application-error.js';

export type TrackerSettingsErrorCode = 'unknown-newcomer-role';

/** A setting an admin asked for that the tracker does not offer. */
export class TrackerSettingsError extends ApplicationError {
  override readonly name = 'TrackerSettingsError';
  readonly kind = 'validation';
  override readonly fieldErrors: readonly FieldError[];

  constructor(
    readonly code: TrackerSettingsErrorCode,
    message: string,
    field: string,
  ) {
    super(message);
    this.fieldErrors = [{ field, message }];
  }
}
