// Draws the two Teams app icons (no external assets): a "hub" glyph — a ring with three linked
// nodes — white on our teal for color.png (192x192), white on transparent for outline.png (32x32).
// Deterministic: running it again produces identical files.
// Usage: node manifest/make-icons.mjs [outputDir]   (default: manifest/)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './lib/png.mjs';

export const ACCENT = [0x0e, 0x7c, 0x86]; // #0E7C86, also the manifest accentColor

// Glyph in unit coordinates (0..1 on both axes, y down), described as distance tests.
const CENTER = [0.5, 0.5];
const RING_RADIUS = 0.16;
const RING_WIDTH = 0.085;
const NODE_DISTANCE = 0.37;
const NODE_RADIUS = 0.1;
const SPOKE_WIDTH = 0.075;
const NODE_ANGLES = [-90, 30, 150].map((d) => (d * Math.PI) / 180);
const NODES = NODE_ANGLES.map((a) => [CENTER[0] + NODE_DISTANCE * Math.cos(a), CENTER[1] + NODE_DISTANCE * Math.sin(a)]);

function distanceToSegment([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideGlyph(p) {
  const fromCenter = Math.hypot(p[0] - CENTER[0], p[1] - CENTER[1]);
  if (Math.abs(fromCenter - RING_RADIUS) <= RING_WIDTH / 2) return true;
  for (const node of NODES) {
    if (Math.hypot(p[0] - node[0], p[1] - node[1]) <= NODE_RADIUS) return true;
    // Spokes start at the ring's outer edge so the ring's hole stays open.
    if (fromCenter >= RING_RADIUS && distanceToSegment(p, CENTER, node) <= SPOKE_WIDTH / 2) return true;
  }
  return false;
}

/** Coverage of the glyph for one pixel, with 8x8 supersampling for smooth edges. */
function coverage(x, y, size, glyphOrigin, glyphSize) {
  const samples = 8;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const u = (x + (sx + 0.5) / samples - glyphOrigin) / glyphSize;
      const v = (y + (sy + 0.5) / samples - glyphOrigin) / glyphSize;
      if (insideGlyph([u, v])) hits++;
    }
  }
  return hits / (samples * samples);
}

function render(size, glyphSize, background) {
  const glyphOrigin = (size - glyphSize) / 2;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, glyphOrigin, glyphSize);
      const i = (y * size + x) * 4;
      if (background) {
        // White glyph blended over the opaque accent colour.
        for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(background[k] + (255 - background[k]) * c);
        rgba[i + 3] = 255;
      } else {
        // Outline icon: only white pixels, coverage carried in alpha.
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
        rgba[i + 3] = Math.round(255 * c);
      }
    }
  }
  return encodePng(size, size, rgba);
}

export function makeColorIcon() {
  // Teams guidance: the symbol sits in the middle ~96px of the 192px tile; ours is a little larger.
  return render(192, 120, ACCENT);
}

export function makeOutlineIcon() {
  return render(32, 30, null);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(outDir, 'color.png'), makeColorIcon());
  writeFileSync(join(outDir, 'outline.png'), makeOutlineIcon());
  console.log(`Wrote color.png and outline.png to ${outDir}`);
}
