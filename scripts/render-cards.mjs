// Renders every captured Adaptive Card (artifacts/cards/*.json, written by Bot.Tests' CardCapture) with Microsoft's
// adaptivecards renderer in headless Chromium, as Teams would (schema 1.5, Teams' root "msteams" property allowed),
// and reports parse/validation warnings and oversized cards; writes a PNG next to each card.
// CLI: node scripts/render-cards.mjs [folder]   (exit 1 on any problem)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_CARD_BYTES = 28 * 1024;

// Runs in the page: parse with a 1.5 serialization context, collect every parse event and validation failure.
function renderInPage(card) {
  const AC = window.AdaptiveCards;
  // Teams renders **bold** and _italic_ in TextBlocks; the bare renderer needs a markdown hook to do the same. Like
  // Teams (CommonMark), a backslash before punctuation shows that character literally: the bot escapes outside text so.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const escaped = [];
    const held = text.replace(/\\([!-\/:-@\[-`{-~])/g, (_, c) => `\u0000${escaped.push(c) - 1}\u0000`);
    const html = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    result.outputHtml = html(held).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>')
      .replace(/\u0000(\d+)\u0000/g, (_, i) => html(escaped[Number(i)]));
    result.didProcess = true;
  };
  const ac = new AC.AdaptiveCard();
  // Teams' extensions on the root ("msteams": width, entities) are not in the 1.5 schema; the renderer ignores them.
  const { msteams, ...rootless } = card;
  // Teams also runs Input.ChoiceSet typeahead ("choices.data" with Data.Query, answered by the bot's
  // application/search invoke) in 1.5 cards; the stock renderer knows it only from 1.6. Render such a choice set as
  // Teams shows it before the user types: no data source, its placeholder as the one visible choice.
  const plain = JSON.parse(JSON.stringify(rootless), (key, value) => {
    if (value && value.type === 'Input.ChoiceSet' && value['choices.data']) {
      const { ['choices.data']: _typeahead, ...rest } = value;
      return (rest.choices?.length ?? 0) > 0 ? rest : { ...rest, choices: [{ title: rest.placeholder ?? 'Type to search', value: 'typeahead' }] };
    }
    return value;
  });
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  ac.parse(plain, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message} (${AC.ValidationEvent[e.event] ?? e.event})`);
  }
  for (const e of ac.validateProperties().validationEvents) {
    problems.push(`validate: ${e.source?.getJsonTypeName?.() ?? 'card'}: ${e.message} (${AC.ValidationEvent[e.event] ?? e.event})`);
  }
  const host = document.getElementById('host');
  host.innerHTML = '';
  const element = ac.render();
  if (!element) problems.push('render: the renderer produced nothing');
  else host.appendChild(element);
  return { problems, msteams: msteams !== undefined };
}

export async function renderCards(folder = path.join(root, 'artifacts', 'cards'), chromiumPath = '/usr/bin/chromium') {
  const { chromium } = await import('playwright-core');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  try {
    const page = await browser.newPage({ viewport: { width: 520, height: 400 } });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.setContent(`<html><head><style>
      body { margin: 0; font-family: "Segoe UI", sans-serif; background: #f5f5f5; }
      #host { width: 480px; margin: 10px; background: #fff; padding: 8px; border-radius: 4px; }
      </style></head><body><div id="host"></div></body></html>`);
    // setContent leaves a file-less about:blank origin; load the renderer explicitly from node_modules.
    await page.addScriptTag({ path: path.join(root, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js') });
    for (const file of files) {
      const text = readFileSync(path.join(folder, file), 'utf8');
      const bytes = Buffer.byteLength(text);
      const problems = [];
      if (bytes > MAX_CARD_BYTES) problems.push(`size: ${bytes} bytes is over ${MAX_CARD_BYTES}`);
      let card;
      try { card = JSON.parse(text); } catch (e) { problems.push(`json: ${e.message}`); }
      if (card) {
        const rendered = await page.evaluate(renderInPage, card);
        problems.push(...rendered.problems);
        await page.locator('#host').screenshot({ path: path.join(folder, file.replace(/\.json$/, '.png')) });
      }
      results.push({ file, bytes, problems });
    }
  } finally {
    await browser.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await renderCards(process.argv[2]);
  let bad = 0;
  for (const r of results) {
    if (r.problems.length) { bad++; console.log(`FAIL ${r.file}\n  ${r.problems.join('\n  ')}`); }
    else console.log(`ok   ${r.file} (${r.bytes} bytes)`);
  }
  console.log(`${results.length} cards, ${bad} with problems`);
  process.exit(bad || results.length === 0 ? 1 : 0);
}
