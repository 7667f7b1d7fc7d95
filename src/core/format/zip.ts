import { createInflateRaw, crc32, deflateRawSync } from 'node:zlib';

/** An entry of a zip file's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Limits on what a zip may expand to; defaults suit a spreadsheet of a few hundred thousand rows. */
export interface ZipLimits {
  maxEntries?: number;
  /** Total bytes once expanded. */
  maxUncompressed?: number;
  /** Largest expansion ratio of one entry over 1 MiB. */
  maxRatio?: number;
}

/** Why a zip was refused: `zip_bomb` (it expands too far), `zip_corrupt` (not a zip we can read). */
export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(
    readonly code: 'zip_bomb' | 'zip_corrupt',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a zip's central directory (no entry is expanded).
 *
 * @example listZip(writeZip([{ name: 'a.txt', data: Buffer.from('x') }]))[0].name // 'a.txt'
 */
export function listZip(zip: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('zip_corrupt', 'not a zip file (no central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff)
    throw new ZipError('zip_corrupt', 'zip64 files are not accepted');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50)
      throw new ZipError('zip_corrupt', 'the zip central directory is damaged');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Refuses a zip that would expand too far, before anything else opens it: the declared sizes and
 * ratios are checked first, then every entry is actually expanded (streamed, output counted and
 * dropped, so memory stays flat) with a cap, so a directory that lies about sizes is caught too.
 * Rejects with ZipError.
 *
 * @example await checkZip(bytes, { maxUncompressed: 100 * 1024 * 1024 })
 */
export async function checkZip(zip: Uint8Array, limits: ZipLimits = {}): Promise<ZipEntry[]> {
  const maxEntries = limits.maxEntries ?? 10_000;
  const maxTotal = limits.maxUncompressed ?? 512 * 1024 * 1024;
  const maxRatio = limits.maxRatio ?? 200;
  const entries = listZip(zip);
  if (entries.length > maxEntries)
    throw new ZipError(
      'zip_bomb',
      `the file holds ${entries.length} entries (at most ${maxEntries})`,
    );
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    if (
      e.uncompressedSize > 1024 * 1024 &&
      e.uncompressedSize > maxRatio * Math.max(e.compressedSize, 1)
    )
      throw new ZipError(
        'zip_bomb',
        `${e.name} expands ${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))} times (at most ${maxRatio}): refused as a zip bomb`,
      );
  }
  if (declared > maxTotal)
    throw new ZipError(
      'zip_bomb',
      `the file expands to ${mib(declared)} (at most ${mib(maxTotal)}): refused as a zip bomb`,
    );
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let total = 0;
  for (const e of entries) {
    const at = e.localHeaderOffset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50)
      throw new ZipError('zip_corrupt', `the zip entry ${e.name} is damaged`);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    let size: number;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) {
      const cap = Math.min(maxTotal - total, Math.max(maxRatio * e.compressedSize, 1024 * 1024));
      size = await inflatedSize(data, cap, e.name);
    } else throw new ZipError('zip_corrupt', `the zip entry ${e.name} uses an unknown compression`);
    total += size;
    if (total > maxTotal)
      throw new ZipError(
        'zip_bomb',
        `the file expands beyond ${mib(maxTotal)}: refused as a zip bomb`,
      );
  }
  return entries;
}

/** The expanded size of a deflated entry, counted as it streams; over `cap` is a zip bomb. */
function inflatedSize(data: Buffer, cap: number, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        inflate.destroy();
        reject(
          new ZipError('zip_bomb', `${name} expands beyond the limits: refused as a zip bomb`),
        );
      }
    });
    inflate.on('error', () =>
      reject(new ZipError('zip_corrupt', `the zip entry ${name} cannot be expanded`)),
    );
    inflate.on('end', () => resolve(size));
    inflate.end(data);
  });
}

/**
 * Writes a zip (deflated entries) from files in memory: for small bundles such as a data package.
 *
 * @example writeZip([{ name: 'datapackage.json', data: Buffer.from('{}') }])
 */
export function writeZip(files: { name: string; data: Buffer }[], date = new Date()): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const time =
    ((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1)) &
    0xffff;
  const day =
    (((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()) &
    0xffff;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const data = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(day, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(entry, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
