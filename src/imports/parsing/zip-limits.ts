import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { ImportError } from '../import.errors.js';

export const ZIP_LIMITS = { entries: 1_000, unpackedBytes: 256 * 1024 * 1024 } as const;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const unreadable = (why: string) => new ImportError('unreadable-file', `the file is not an XLSX workbook: ${why}`);

/**
 * Unpacks every entry of the zip at `path` without keeping it, counting the bytes it really inflates
 * to (the sizes a zip declares can lie), and refuses it past the limits: a zip bomb costs a bounded
 * amount of CPU and no memory before anything parses it.
 */
export async function checkZipLimits(path: string, limits: { entries: number; unpackedBytes: number } = ZIP_LIMITS): Promise<void> {
  const entries = await readDirectory(path);
  if (entries.length > limits.entries) throw new ImportError('unpacks-too-large', `the workbook holds ${entries.length} parts; at most ${limits.entries} are read`);
  let unpacked = 0;
  const file = await open(path, 'r');
  try {
    for (const entry of entries) {
      const header = Buffer.alloc(30);
      await file.read(header, 0, 30, entry.localHeaderOffset);
      if (header.readUInt32LE(0) !== LOCAL_HEADER) throw unreadable(`damaged entry ${entry.name}`);
      const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (entry.compressedSize === 0) continue;
      if (entry.method === 0) {
        unpacked += entry.compressedSize;
      } else if (entry.method === 8) {
        unpacked = await inflatedSize(path, start, entry.compressedSize, unpacked, limits.unpackedBytes);
      } else {
        throw unreadable(`entry ${entry.name} uses compression method ${entry.method}`);
      }
      if (unpacked > limits.unpackedBytes) throw tooLarge(limits.unpackedBytes);
    }
  } finally {
    await file.close();
  }
}

const tooLarge = (limit: number) =>
  new ImportError('unpacks-too-large', `the workbook unpacks to more than ${Math.round(limit / 1024 / 1024)} MiB; split it into smaller files`);

async function inflatedSize(path: string, start: number, length: number, before: number, limit: number): Promise<number> {
  let total = before;
  const inflate = createInflateRaw();
  const source = createReadStream(path, { start, end: start + length - 1 });
  source.pipe(inflate);
  try {
    for await (const chunk of inflate) {
      total += (chunk as Buffer).length;
      if (total > limit) throw tooLarge(limit);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw unreadable('an entry does not inflate');
  } finally {
    source.destroy();
    inflate.destroy();
  }
  return total;
}

async function readDirectory(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < END_RECORD_SIZE) throw unreadable('too short');
    const tailLength = Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - END_RECORD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
        at = i;
        break;
      }
    }
    if (at < 0) throw unreadable('no zip directory');
    const count = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryOffset = tail.readUInt32LE(at + 16);
    // ZIP64 markers: no workbook within the upload limit needs them.
    if (count === 0xffff || directoryOffset === 0xffffffff || directoryOffset + directorySize > size) throw unreadable('unsupported or damaged zip directory');
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw unreadable('damaged zip directory');
      const nameLength = directory.readUInt16LE(offset + 28);
      entries.push({
        method: directory.readUInt16LE(offset + 10),
        compressedSize: directory.readUInt32LE(offset + 20),
        localHeaderOffset: directory.readUInt32LE(offset + 42),
        name: directory.toString('utf8', offset + 46, offset + 46 + nameLength),
      });
      offset += 46 + nameLength + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
    }
    return entries;
  } finally {
    await file.close();
  }
}
