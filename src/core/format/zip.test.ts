import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkZip, listZip, writeZip, ZipError } from './zip.ts';

describe('zip', () => {
  it('writes a zip whose directory lists its files', async () => {
    const zip = writeZip([
      { name: 'datapackage.json', data: Buffer.from('{}') },
      { name: 'data/commitments.csv', data: Buffer.from('a,b\n1,2\n') },
    ]);
    expect(listZip(zip).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['datapackage.json', 2],
      ['data/commitments.csv', 8],
    ]);
    expect(await checkZip(zip)).toHaveLength(2);
  });

  it('refuses an entry that expands too far (a zip bomb)', async () => {
    const zip = writeZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 * 1024) },
    ]);
    await expect(checkZip(zip)).rejects.toThrow(ZipError);
    await expect(checkZip(zip)).rejects.toThrow(/zip bomb/);
  });

  it('refuses a zip whose directory lies about the expanded size', async () => {
    const zip = writeZip([{ name: 'x.xml', data: Buffer.alloc(40 * 1024 * 1024) }]);
    // Forge the sizes in both headers: a small declared size hides the real expansion.
    const compressed = deflateRawSync(Buffer.alloc(40 * 1024 * 1024)).length;
    const forged = Buffer.from(zip);
    forged.writeUInt32LE(compressed * 2, 22);
    const central = forged.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    forged.writeUInt32LE(compressed * 2, central + 24);
    await expect(checkZip(forged, { maxUncompressed: 10 * 1024 * 1024 })).rejects.toThrow(
      /zip bomb/,
    );
  });

  it('refuses what is not a zip', () => {
    expect(() => listZip(Buffer.from('plain text, not a zip'))).toThrow(/not a zip/);
  });
});
