// A newcomer's clicks in the Agents Playground: a record card's Log activity (a dialog in Teams; the Playground
// cannot open dialogs, so there the same form opens inline), and an admin putting the portal's own (custom) contact
// properties on the new-contact form. One stack for the file, a screenshot of every step under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, say, cards, shot, linkPortal, choose, pickMany } from './playground.mjs';

const portal = '20260301';

let stack;
let context;
let page;
/** The contact the custom-field test creates with Region West, which the edit test then changes. */
let customContact;

before(async () => {
  stack = await startStack({ name: 'journey' });
  context = await launch();
  page = await open(context, stack.playgroundUrl);
  await linkPortal(context, page, { portal });
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

// The demo portal's admins added two contact properties of their own (HubSpotSandbox's "demo" custom set): Region, a
// dropdown, and Lead source, radio buttons in HubSpot. Neither is on the default form, so the admin adds them first.
test('settings forms: the admin adds the portal\'s custom Region and Lead source; the next contact form shows them and the contact is saved with them', { timeout: 90_000 }, async () => {
  const settings = await say(page, 'settings forms', 'Form fields: New contact');
  assert.match(await settings.innerText(), /This form shows its default fields/);
  assert.doesNotMatch(await settings.innerText(), /Region \(region\)/, 'Region is not on the default form');
  await pickMany(page, settings.getByPlaceholder("Search the portal's properties"), [
    { search: 'Regi', item: 'Region (region)' },
    { search: 'Lead so', item: 'Lead source (lead_source)' },
  ]);
  await shot(page, 'custom-field-01-settings-picked');
  await settings.getByRole('button', { name: 'Save' }).click();
  const saved = cards(page).filter({ hasText: 'Saved. The next new contact form shows these fields.' }).last();
  await saved.waitFor({ timeout: 30_000 });
  await shot(page, 'custom-field-02-settings-saved');
  assert.match(await saved.innerText(), /Owner \(hubspot_owner_id\)\s+Region \(region\)\s+Lead source \(lead_source\)/);

  const form = await say(page, 'new contact', 'Lead source');
  await shot(page, 'custom-field-03-form');
  const labels = (await form.locator('label').allInnerTexts()).map((l) => l.replace(/\s*\*$/, '').trim());
  assert.deepEqual(labels.slice(-3), ['Owner', 'Region', 'Lead source'], `the admin's fields follow the defaults, in order; labels: ${labels.join(', ')}`);
  // The option labels are the portal's (the values HubSpot stores are their snake-case names).
  assert.deepEqual(await choose(page, form, 'Region', 'West'), ['North', 'South', 'East', 'West', 'Central']);
  assert.deepEqual(await choose(page, form, 'Lead source', 'Referral'), ['Trade show', 'Referral', 'Website', 'Cold call', 'Partner']);
  const email = `mary.somerville.${Date.now()}@example.com`;
  await form.getByLabel('First name').fill('Mary');
  await form.getByLabel('Last name').fill('Somerville');
  await form.getByLabel('Email').fill(email);
  await shot(page, 'custom-field-04-form-filled');
  await form.getByRole('button', { name: 'Create contact' }).click();
  const created = cards(page).filter({ hasText: 'Contact created' }).filter({ hasText: email }).last();
  await created.waitFor({ timeout: 30_000 });
  await shot(page, 'custom-field-05-created');

  const response = await fetch(`${stack.sandboxUrl}/_sandbox/portals/${portal}/objects/contacts`);
  assert.equal(response.status, 200);
  const stored = (await response.json()).results.filter((c) => c.properties.email === email);
  assert.equal(stored.length, 1, `one contact with ${email} in the sandbox, found ${stored.length}`);
  assert.equal(stored[0].properties.region, 'west');
  assert.equal(stored[0].properties.lead_source, 'referral');
  // The confirmation card shows the admin's fields after its own facts, by their labels.
  const confirmation = await created.innerText();
  assert.match(confirmation, /Mary Somerville/);
  assert.match(confirmation, /Region\s+West/);
  assert.match(confirmation, /Lead source\s+Referral/);
  customContact = email;
});

test('settings forms contact-update: Region joins the edit form, which shows the contact\'s West; changing it to East is saved in HubSpot', { timeout: 90_000 }, async () => {
  assert.ok(customContact, 'the previous test created the contact with a Region');
  const settings = await say(page, 'settings forms contact-update', 'Form fields: Edit contact');
  await pickMany(page, settings.getByPlaceholder("Search the portal's properties"), [{ search: 'Regi', item: 'Region (region)' }]);
  await settings.getByRole('button', { name: 'Save' }).click();
  await cards(page).filter({ hasText: 'Saved. The next edit contact form shows these fields.' }).last().waitFor({ timeout: 30_000 });

  const form = await say(page, `edit contact ${customContact}`, 'Save changes');
  const region = form.getByRole('combobox', { name: 'Region', exact: true });
  // The record's stored value (west) is shown by its label.
  assert.equal(await region.inputValue(), 'West');
  await shot(page, 'custom-field-06-edit-form');
  await choose(page, form, 'Region', 'East');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const updated = cards(page).filter({ hasText: 'Contact updated' }).filter({ hasText: customContact }).last();
  await updated.waitFor({ timeout: 30_000 });
  await shot(page, 'custom-field-07-updated');
  assert.match(await updated.innerText(), /Region\s+East/);

  const response = await fetch(`${stack.sandboxUrl}/_sandbox/portals/${portal}/objects/contacts`);
  const [stored] = (await response.json()).results.filter((c) => c.properties.email === customContact);
  assert.equal(stored.properties.region, 'east');
  assert.equal(stored.properties.lead_source, 'referral', 'a field the edit form does not show keeps its value');
});
