// Reads width, height and colour type from a PNG's IHDR chunk (the first chunk after the signature).
import { readFileSync } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readPngHeader(path) {
  const bytes = readFileSync(path);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`${path} is not a PNG file`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] };
}

const COLOUR_TYPES_WITH_ALPHA = new Set([4, 6]);

/** Teams wants a 192x192 colour icon and a 32x32 outline icon with transparency. */
export function checkIcons(colorPath, outlinePath) {
  const problems = [];
  const color = readPngHeader(colorPath);
  if (color.width !== 192 || color.height !== 192) problems.push(`color icon is ${color.width}x${color.height}, must be 192x192`);
  const outline = readPngHeader(outlinePath);
  if (outline.width !== 32 || outline.height !== 32) problems.push(`outline icon is ${outline.width}x${outline.height}, must be 32x32`);
  if (!COLOUR_TYPES_WITH_ALPHA.has(outline.colorType)) problems.push('outline icon has no alpha channel, it must be transparent');
  return problems;
}
