// Issue 21: the help card's buttons work in the Agents Playground as in Teams. They are plain Action.Submit buttons
// the bot runs as the typed command (the Playground 0.2.28 sends nothing for a Teams messageBack submit). One stack
// for the file, a screenshot of every step under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, say, cards, shot, linkPortal } from './playground.mjs';

let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ name: 'help' });
  context = await launch();
  page = await open(context, stack.playgroundUrl);
  await linkPortal(context, page);
}, { timeout: 360_000 });

after(async () => {
  await context?.close();
  await stack?.stop();
});

/** Says `help`, clicks `button` on the help card and waits for a new answer matched by `answers` (a locator). */
async function clickHelpButton(button, answers, name) {
  const help = await say(page, 'help', 'HubSpot for Teams');
  await shot(page, `help-${name}-01-card`);
  const before = await answers.count();
  await help.getByRole('button', { name: button }).click();
  const answer = answers.nth(before);
  await answer.waitFor({ timeout: 30_000 });
  await shot(page, `help-${name}-02-answer`);
  return answer;
}

test('the help card\'s "Find a contact" asks what to look for, like typing find', { timeout: 120_000 }, async () => {
  // find without words answers in plain text, not with a card.
  const answer = await clickHelpButton('Find a contact', page.getByText('What should I look for?'), 'find');
  assert.match(await answer.innerText(), /What should I look for\?/);
});

test('the help card\'s "New contact" opens the new-contact form, like typing new contact', { timeout: 120_000 }, async () => {
  const form = await clickHelpButton('New contact', cards(page).filter({ hasText: 'Create contact' }), 'new-contact');
  assert.ok(await form.getByLabel('First name').isVisible(), 'the form has its First name field');
  assert.ok(await form.getByRole('button', { name: 'Create contact' }).isVisible(), 'the form has its Create contact button');
});
