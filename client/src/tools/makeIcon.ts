/**
 * Writes media/icon.png (128×128): a hexagonal "rock" on an orange tile, drawn with 4×4
 * supersampling and encoded as PNG with Node's zlib only. Run:
 *   node --import tsx client/src/tools/makeIcon.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

type RGBA = [number, number, number, number];
type Pt = [number, number];

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG from a pixel function. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (width * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function inPolygon(p: Pt, poly: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function hexagon(cx: number, cy: number, r: number): Pt[] {
  return Array.from({ length: 6 }, (_, i) => {
    const a = (Math.PI / 3) * i - Math.PI / 2;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as Pt;
  });
}

function inRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

export function drawIcon(size = 128): Buffer {
  const outer = hexagon(64, 66, 44);
  const inner = hexagon(64, 66, 30);
  const core = hexagon(64, 66, 16);
  const sample = (x: number, y: number): RGBA => {
    if (!inRoundedSquare(x, y, size, 22)) return [0, 0, 0, 0];
    const p: Pt = [x, y];
    if (inPolygon(p, core)) return [255, 255, 255, 255];
    if (inPolygon(p, outer) && !inPolygon(p, inner)) return [255, 255, 255, 255];
    // Vertical gradient from Ubuntu orange to a deeper red.
    const t = y / size;
    return [Math.round(233 - 40 * t), Math.round(84 - 40 * t), Math.round(32 + 20 * t), 255];
  };
  const S = 4;
  return encodePng(size, size, (x, y) => {
    const acc = [0, 0, 0, 0];
    for (let i = 0; i < S; i++) {
      for (let j = 0; j < S; j++) {
        const c = sample(x + (i + 0.5) / S, y + (j + 0.5) / S);
        // Premultiply so transparent corners do not darken the edge.
        acc[0] += c[0] * c[3];
        acc[1] += c[1] * c[3];
        acc[2] += c[2] * c[3];
        acc[3] += c[3];
      }
    }
    const a = acc[3];
    return a ? [Math.round(acc[0] / a), Math.round(acc[1] / a), Math.round(acc[2] / a), Math.round(a / (S * S))] : [0, 0, 0, 0];
  });
}

if (require.main === module) {
  const out = path.resolve(__dirname, '../../../media/icon.png');
  fs.writeFileSync(out, drawIcon());
  process.stdout.write(`wrote ${out}\n`);
}
