// Validates a rendered manifest.json against the official Teams schema for its manifestVersion.
// Usage: node manifest/validate-manifest.mjs path/to/manifest.json   (exit 0 = valid, 1 = problems listed)
import { readFileSync } from 'node:fs';
import { validateAgainstSchema } from './lib/schema.mjs';

const path = process.argv[2];
if (!path) {
  console.error('Usage: node manifest/validate-manifest.mjs <manifest.json>');
  process.exit(2);
}
const problems = validateAgainstSchema(JSON.parse(readFileSync(path, 'utf8')));
if (problems.length > 0) {
  console.error(`${path} is not valid:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${path} is valid against the Teams schema.`);
