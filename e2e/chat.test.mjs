// The bot in the Agents Playground, driven through headless Chromium like a person would: one stack (run.sh on free
// ports) for the whole file, a screenshot of every step under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, say, cards, shot } from './playground.mjs';

let stack;
let context;
let page;

before(async () => {
  stack = await startStack();
  context = await launch();
  page = await open(context, stack.playgroundUrl);
}, { timeout: 300_000 });

after(async () => {
  await context?.close();
  await stack?.stop();
});

test('installing the app greets the person with a welcome card', { timeout: 60_000 }, async () => {
  const welcome = cards(page).filter({ hasText: "Hi, I'm HubSpot for Teams" });
  await welcome.first().waitFor({ timeout: 30_000 });
  await shot(page, '00-welcome');
  assert.match(await welcome.first().innerText(), /Send help to see everything/i);
});

test('help shows the help card with its buttons', { timeout: 60_000 }, async () => {
  const card = await say(page, 'help', 'HubSpot for Teams');
  await shot(page, '01-help');
  const text = await card.innerText();
  assert.match(text, /HubSpot for Teams/);
  assert.ok(await card.getByRole('button', { name: 'New contact' }).isVisible(), 'the help card offers "New contact"');
  assert.ok(await card.getByRole('button', { name: 'Find a contact' }).isVisible(), 'the help card offers "Find a contact"');
});
