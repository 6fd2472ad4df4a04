import type { Request } from 'express';
import { finished } from 'node:stream/promises';
import { XLSX_MEDIA_TYPE } from '../../projections/spreadsheets/xlsx-sheet.js';
import type { ImportFormat } from '../import-previewer.js';
import { ImportError } from '../import.errors.js';
import { MAX_UPLOAD_BYTES, tooLarge, UploadLimit } from '../parsing/upload-limit.js';

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain']);

/** The format the Content-Type names: text/csv or the XLSX media type, anything else 415. */
export function uploadFormat(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (CSV_TYPES.has(type)) return 'csv';
  if (type === XLSX_MEDIA_TYPE) return 'xlsx';
  throw new ImportError('unsupported-file-type', `send the file as the request body with Content-Type text/csv or ${XLSX_MEDIA_TYPE}`);
}

/** Reads the rest of a request and drops it, so a refusal is answered on a connection the client can still read. */
export async function discardRest(request: Request): Promise<void> {
  if (request.readableEnded || request.destroyed) return;
  request.resume();
  await finished(request).catch(() => undefined);
}

/** The request body through an UploadLimit; a declared length over the limit is refused before a byte is read. */
export async function limitedBody(request: Request): Promise<UploadLimit> {
  if (Number(request.headers['content-length']) > MAX_UPLOAD_BYTES) {
    await discardRest(request);
    throw tooLarge(MAX_UPLOAD_BYTES);
  }
  const body = new UploadLimit();
  request.pipe(body);
  return body;
}
