// Writes media/icon.png (128x128): an event-loop ring with an arrow and three queue dots. No deps.
import fs from 'node:fs';
import zlib from 'node:zlib';

const W = 128, H = 128, SS = 4;
const px = new Float64Array(W * H * 4);
const bg = [0x1e, 0x24, 0x33];
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const ring = hex('#D7BA7D'), sync = hex('#7FB2E5'), micro = hex('#C586C0'), macro = hex('#D7BA7D');

function shade(x, y) {
  // rounded square background
  const r = 22, cx = Math.min(Math.max(x, r), W - r), cy = Math.min(Math.max(y, r), H - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  const dx = x - 64, dy = y - 64, d = Math.hypot(dx, dy);
  let a = Math.atan2(dy, dx); // -pi..pi, 0 = right
  // ring from angle -60deg going clockwise to -20deg (gap near the top right)
  const deg = ((a * 180) / Math.PI + 360) % 360;
  if (d > 36 && d < 46 && !(deg > 290 && deg < 335)) return ring;
  // arrow head at the end of the ring (deg ~ 290), pointing clockwise
  const ang = (290 * Math.PI) / 180, tipR = 41;
  const ax = 64 + tipR * Math.cos(ang), ay = 64 + tipR * Math.sin(ang);
  const tx = -Math.sin(ang), ty = Math.cos(ang); // tangent (clockwise)
  const nx = Math.cos(ang), ny = Math.sin(ang);
  const lx = x - ax, ly = y - ay;
  const along = -(lx * tx + ly * ty), across = lx * nx + ly * ny; // along>0: ahead of the ring end
  if (along > -2 && along < 16 && Math.abs(across) < (16 - along) * 0.85) return ring;
  // queue dots
  for (const [cx2, cy2, c] of [[48, 64, sync], [64, 64, micro], [80, 64, macro]]) if ((x - cx2) ** 2 + (y - cy2) ** 2 < 36) return c;
  return bg;
}

for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
  let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
    const c = shade(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
    if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
  }
  const i = (y * W + x) * 4, n = SS * SS;
  px[i] = a ? r / a : 0; px[i + 1] = a ? g / a : 0; px[i + 2] = a ? b / a : 0; px[i + 3] = (a / n) * 255;
}

const raw = Buffer.alloc((W * 4 + 1) * H);
for (let y = 0; y < H; y++) {
  raw[y * (W * 4 + 1)] = 0;
  for (let x = 0; x < W * 4; x++) raw[y * (W * 4 + 1) + 1 + x] = Math.round(px[y * W * 4 + x]);
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(new URL('../../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
