// The bot in the Agents Playground, driven through headless Chromium like a person would: one stack (run.sh on free
// ports) for the whole file, a screenshot of every step under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, say, cards, shot, linkPortal } from './playground.mjs';

let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ name: 'chat' });
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

test('connect: the admin approves on the sandbox consent page, types the code and the portal is linked', { timeout: 120_000 }, async () => {
  const shots = { card: '02-connect-card', consent: '03-connect-consent', callback: '04-connect-callback', linked: '05-connect-linked' };
  const { consentUrl, verification, linked } = await linkPortal(context, page, { step: (name, at) => shot(at, shots[name]) });
  assert.ok(consentUrl.startsWith(stack.sandboxUrl), `the start page sends the admin to the sandbox, got ${consentUrl}`);
  assert.match(verification, /^\d{6}$/);
  assert.match(linked, /20260301/);
});

test('new contact: a bad email is shown by the field with the other values kept, then the card becomes the contact', { timeout: 120_000 }, async () => {
  const form = await say(page, 'new contact', 'First name');
  await form.getByLabel('First name').fill('Grace');
  await form.getByLabel('Last name').fill('Hopper');
  await form.getByLabel('Email').fill('grace-at-navy');
  await form.getByLabel('Company').fill('US Navy');
  await shot(page, '06-new-contact-form');
  await form.getByRole('button', { name: 'Create contact' }).click();

  const rejected = cards(page).filter({ hasText: 'Enter an email address like name@example.com' }).last();
  await rejected.waitFor({ timeout: 30_000 });
  await shot(page, '07-new-contact-bad-email');
  assert.equal(await rejected.getByLabel('First name').inputValue(), 'Grace');
  assert.equal(await rejected.getByLabel('Company').inputValue(), 'US Navy');
  assert.equal(await rejected.getByLabel('Email').inputValue(), 'grace-at-navy');

  const email = `grace.hopper.${Date.now()}@navy.example`;
  await rejected.getByLabel('Email').fill(email);
  await rejected.getByRole('button', { name: 'Create contact' }).click();
  const created = cards(page).filter({ hasText: 'Contact created' }).last();
  await created.waitFor({ timeout: 30_000 });
  await shot(page, '08-new-contact-created');
  const text = await created.innerText();
  assert.match(text, /Grace Hopper/);
  assert.match(text, new RegExp(email.replace(/\./g, '\\.')));
  // Action.OpenUrl renders as a link-styled button in the Playground, so find it by its text.
  assert.ok(await created.getByText('Open in HubSpot').isVisible(), 'the result card offers "Open in HubSpot"');
});
