// Writes the PWA icons (public/icons/*.png) without any image library: a school roof on the brand
// blue. Run once; the PNGs are committed. `node scripts/make-icons.mjs`
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size, { maskable }) {
  const blue = [0x1d, 0x4f, 0x91];
  const white = [255, 255, 255];
  const yellow = [0xff, 0xbf, 0x47];
  const raw = Buffer.alloc((size * 3 + 1) * size);
  const pad = maskable ? 0.2 : 0.12; // maskable icons keep their drawing inside the safe zone
  const r = size * (maskable ? 0 : 0.18);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = x / size,
        v = y / size;
      // rounded square background (full bleed for maskable)
      const cx = Math.min(x, size - 1 - x),
        cy = Math.min(y, size - 1 - y);
      const outside = !maskable && cx < r && cy < r && (r - cx) ** 2 + (r - cy) ** 2 > r * r;
      let col = outside ? white : blue;
      const s = 1 - 2 * pad; // drawing area
      const du = (u - pad) / s,
        dv = (v - pad) / s;
      if (du >= 0 && du <= 1 && dv >= 0 && dv <= 1) {
        const roof = dv >= 0.1 && dv <= 0.45 && Math.abs(du - 0.5) <= (dv - 0.1) * 1.3;
        const body = dv > 0.45 && dv <= 0.9 && du >= 0.15 && du <= 0.85;
        const door = dv > 0.62 && dv <= 0.9 && du >= 0.42 && du <= 0.58;
        const sun = (du - 0.5) ** 2 + (dv - 0.33) ** 2 < 0.006;
        if (roof || body) col = white;
        if (door || sun) col = yellow;
      }
      raw.set(col, y * (size * 3 + 1) + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, { maskable: false }));
writeFileSync('public/icons/icon-512.png', icon(512, { maskable: false }));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, { maskable: true }));
console.log('icons written to public/icons/');
