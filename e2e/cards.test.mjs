// Issue 7's must-show check: every card the bot produced in the .NET test run (captured by Bot.Tests' CardCapture
// into artifacts/cards/) parses and validates cleanly in Microsoft's Adaptive Cards renderer and is under 28 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderCards, MAX_CARD_BYTES } from '../scripts/render-cards.mjs';
import { root } from './stack.mjs';

const folder = process.env.CARD_CAPTURE_DIR ?? path.join(root, 'artifacts', 'cards');

test('the .NET tests captured the cards the bot produced', () => {
  assert.ok(existsSync(folder), `${folder} is missing: run the .NET tests first`);
  const cards = readdirSync(folder).filter((f) => f.endsWith('.json'));
  assert.ok(cards.length > 0, 'no cards were captured');
});

test(`every captured card renders without warnings and is under ${MAX_CARD_BYTES} bytes`, { timeout: 300_000 }, async () => {
  const results = await renderCards(folder);
  const bad = results.filter((r) => r.problems.length > 0);
  assert.deepEqual(bad.map((r) => `${r.file}: ${r.problems.join('; ')}`), [], `${bad.length} of ${results.length} cards have problems`);
  for (const r of results) assert.ok(existsSync(path.join(folder, r.file.replace(/\.json$/, '.png'))), `no picture of ${r.file}`);
});
