// A newcomer's clicks in the Agents Playground: a record card's Log activity (a dialog in Teams; the Playground
// cannot open dialogs, so there the same form opens inline). One stack for the file, a
// screenshot of every step under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, say, cards, shot, linkPortal } from './playground.mjs';

let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ name: 'journey' });
  context = await launch();
  page = await open(context, stack.playgroundUrl);
  await linkPortal(context, page);
}, { timeout: 360_000 });

after(async () => {
  await context?.close();
  await stack?.stop();
});

test('a record card\'s "Log activity" opens the activity form (inline in the Playground)', { timeout: 120_000 }, async () => {
  const form = await say(page, 'new contact', 'First name');
  const email = `ada.journey.${Date.now()}@example.com`;
  await form.getByLabel('First name').fill('Augusta');
  await form.getByLabel('Last name').fill('King');
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Create contact' }).click();
  const created = cards(page).filter({ hasText: 'Contact created' }).last();
  await created.waitFor({ timeout: 30_000 });
  await shot(page, 'journey-04-record-card');

  await created.getByRole('button', { name: 'Log activity' }).click();
  const chooser = cards(page).filter({ hasText: 'What do you want to log?' }).last();
  await chooser.waitFor({ timeout: 30_000 });
  await shot(page, 'journey-05-log-activity-chooser');
  assert.doesNotMatch(await page.locator('body').innerText(), /task\/fetch is not supported/i);

  await chooser.getByRole('button', { name: 'Note' }).click();
  const note = cards(page).filter({ hasText: 'Log note on' }).last();
  await note.waitFor({ timeout: 30_000 });
  await shot(page, 'journey-06-log-note-form');
  assert.match(await note.innerText(), /Augusta King/);
  assert.ok(await note.getByRole('textbox', { name: 'Note' }).isVisible(), 'the note form has its Note field');
});
