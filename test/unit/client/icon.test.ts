import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { it } from 'node:test';
import { drawIcon } from '../../../client/src/tools/makeIcon';

void it('media/icon.png is a valid 128×128 RGBA PNG, as makeIcon draws it', () => {
  const file = path.resolve(__dirname, '../../../media/icon.png');
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
  assert.equal(png[25], 6);
  // Every chunk's CRC is right and the image data inflates to 128 rows of 1 + 128×4 bytes.
  let off = 8;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    assert.equal(png.readUInt32BE(off + 8 + len), zlib.crc32(png.subarray(off + 4, off + 8 + len)) >>> 0, `CRC of ${type}`);
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  assert.equal(zlib.inflateSync(Buffer.concat(idat)).length, 128 * (1 + 128 * 4));
  assert.ok(drawIcon().equals(png), 'media/icon.png is out of date: run node --import tsx client/src/tools/makeIcon.ts');
});
