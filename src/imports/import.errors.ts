import { ApplicationError, type ErrorKind } from '../errors/application-error.js';

// One table so each code's kind cannot drift from the list.
const KINDS = {
  'upload-too-large': 'too-large',
  'unsupported-file-type': 'unsupported-media-type',
  'unreadable-file': 'validation',
  'unpacks-too-large': 'validation',
  'too-many-columns': 'validation',
  'too-many-rows': 'validation',
  'no-header-row': 'validation',
  'missing-columns': 'validation',
  'import-not-found': 'not-found',
  'import-being-applied': 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type ImportErrorCode = keyof typeof KINDS;

/** A file, or an import, the import refuses as a whole: nothing of it is kept or written. */
export class ImportError extends ApplicationError {
  override readonly name = 'ImportError';
  readonly kind: ErrorKind;

  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.kind = KINDS[code];
  }
}
