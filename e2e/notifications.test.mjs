// Notifications end to end, as a person sees them: the admin links HubSpot and sends `notify me` in the Playground;
// a deal they own moves stage in HubSpot (the sandbox's CRM_UI change, which it sends to the bot as a signed
// webhook); the card arrives in the chat. Screenshots under artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { launch } from './browser.mjs';
import { open, compose, cards, shot, linkPortal } from './playground.mjs';

const PORTAL = '20260301';
const ME = 'alexw@contoso.com'; // the Playground's default user (playground/m365agentsplayground.yml)

let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ name: 'notifications' });
  context = await launch();
  page = await open(context, stack.playgroundUrl);
  await linkPortal(context, page, { portal: PORTAL });
}, { timeout: 300_000 });

after(async () => {
  await context?.close();
  await stack?.stop();
});

async function sandbox(method, path, body) {
  const response = await fetch(stack.sandboxUrl + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(response.status, 200, `${method} ${path} answered ${response.status}`);
  return response.json();
}

test('notify me, then a deal I own moves stage in HubSpot: the card shows the change in my chat', { timeout: 180_000 }, async () => {
  await compose(page).click();
  await page.keyboard.type('notify me');
  await page.keyboard.press('Enter');
  await page.getByText('You will get a card here when your deals change stage').last().waitFor({ timeout: 30_000 });
  await shot(page, '40-notify-me');

  const owners = (await sandbox('GET', `/_sandbox/portals/${PORTAL}/owners`)).results;
  const mine = owners.find((o) => o.email === ME)?.id;
  assert.ok(mine, `the demo portal has a HubSpot user ${ME}`);
  const deals = (await sandbox('GET', `/_sandbox/portals/${PORTAL}/objects/deals`)).results;
  const deal = deals.find((d) => d.properties.hubspot_owner_id === mine && d.properties.dealstage !== 'contractsent');
  assert.ok(deal, 'the demo portal has a deal owned by the Playground user, not yet in Contract Sent');

  const before = await cards(page).count();
  await sandbox('POST', `/_sandbox/portals/${PORTAL}/changes`, { objectType: 'deals', objectId: deal.id, properties: { dealstage: 'contractsent' } });
  const card = cards(page).filter({ hasText: deal.properties.dealname }).last();
  await card.waitFor({ timeout: 60_000 });
  await shot(page, '41-deal-stage-card');

  assert.ok(await cards(page).count() > before, 'a new card arrived');
  const text = await card.innerText();
  assert.match(text, /Contract Sent/i, 'the card names the new stage by its label');
  assert.ok(await card.getByText('Open in HubSpot').isVisible(), 'the card offers "Open in HubSpot"');
});
