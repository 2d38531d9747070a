// The message extension in the Agents Playground through headless Chromium: compose-box search inserts a record
// card, and the "Log to HubSpot" action on a chat message creates a note, checked in the HubSpot sandbox.
// One ./run.sh stack for the file; the portal is linked first through the same UI steps as chat.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, cards, compose, shot, linkPortal, openSearch, openAction } from './playground.mjs';

const portal = '20260301';
let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ name: 'compose' });
  context = await launch();
  page = await open(context, stack.playgroundUrl);
  await cards(page).filter({ hasText: "Hi, I'm HubSpot for Teams" }).first().waitFor({ timeout: 30_000 });
  assert.match((await linkPortal(context, page, { portal })).linked, new RegExp(portal));
}, { timeout: 300_000 });

after(async () => {
  await context?.close();
  await stack?.stop();
});

test('message-extension search: "ada" lists Ada Lovelace, picking her inserts her card and sending posts it', { timeout: 120_000 }, async () => {
  const search = await openSearch(page, 'searchContacts');
  await search.fill('ada');
  // The result's thumbnail preview: title and "email · company".
  const result = page.getByText('ada@example.com · Analytical Engines', { exact: true });
  await result.waitFor({ timeout: 30_000 });
  await shot(page, '10-compose-search');

  // The compose area: the editor plus whatever was inserted into it, up to the send button.
  const composer = compose(page).locator('xpath=ancestor::div[.//button[@aria-label="Send Message"]][1]');
  const adaCards = cards(page).filter({ hasText: 'ada@example.com' });
  assert.equal(await adaCards.count(), 0, 'no Ada card before the pick');
  await result.click();
  const inserted = composer.locator('.ac-adaptiveCard').filter({ hasText: 'ada@example.com' });
  await inserted.waitFor({ timeout: 20_000 });
  await shot(page, '11-compose-inserted');
  const text = await inserted.innerText();
  assert.match(text, /Ada Lovelace/);
  assert.match(text, /Analytical Engines/);
  assert.ok(await inserted.getByText('Open in HubSpot').isVisible(), 'the inserted card offers "Open in HubSpot"');

  await page.getByRole('button', { name: 'Send Message' }).click();
  // Sent: the compose area is empty again and the card is a message in the chat.
  await inserted.waitFor({ state: 'detached', timeout: 20_000 });
  const sent = adaCards.first();
  await sent.waitFor({ timeout: 20_000 });
  await shot(page, '12-compose-sent');
  assert.equal(await adaCards.count(), 1, 'exactly one Ada card, now in the conversation');
  assert.equal(await composer.locator('.ac-adaptiveCard').count(), 0);
  assert.match(await sent.innerText(), /Ada Lovelace/);
});

test('Log to HubSpot on a chat message opens our dialog and creates a note on Ada in HubSpot', { timeout: 120_000 }, async () => {
  const note = `Ada asked for the renewal quote by Friday (${Date.now()})`;
  await compose(page).click();
  await page.keyboard.type(note);
  await page.keyboard.press('Enter');

  const dialog = await openAction(page, note, 'logToHubSpot');
  const form = dialog.locator('.ac-adaptiveCard');
  await form.getByText('Save it as').waitFor({ timeout: 30_000 });
  assert.match(await form.innerText(), new RegExp(note.replace(/[()]/g, '\\$&')), 'the dialog quotes the message');
  // Typeahead (Data.Query) does not work in the Playground; the dialog's text box is the other way to name the record.
  await form.getByLabel(/or type a contact/).fill('ada@example.com');
  await shot(page, '13-log-dialog');
  await form.getByRole('button', { name: 'Log to HubSpot' }).click();

  const confirmation = page.getByText(/Logged: this message is now a note on the contact Ada Lovelace/);
  await confirmation.waitFor({ timeout: 30_000 });
  await shot(page, '14-log-done');

  const response = await fetch(`${stack.sandboxUrl}/_sandbox/portals/${portal}/objects/notes`);
  assert.equal(response.status, 200);
  const { results } = await response.json();
  const created = results.filter((n) => n.properties.hs_note_body?.includes(note));
  assert.equal(created.length, 1, `one note with the message text, found ${created.length}`);
  assert.match(created[0].properties.hs_note_body, /Logged from Teams by Alex Wilber/);
});
