import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ImportError } from '../import.errors.js';

/** The largest file an import takes, in bytes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Passes an upload through, failing once it passes the limit, and keeps its sha256 (the file's identity in the preview). */
export class UploadLimit extends Transform {
  private bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes: number = MAX_UPLOAD_BYTES) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.copy().digest('hex');
  }
}

export const tooLarge = (maxBytes: number) =>
  new ImportError('upload-too-large', `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; split it into smaller files`);
