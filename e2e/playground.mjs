// The Agents Playground page as a person uses it: type into the compose box, read the cards the bot posts.
import { shot } from './browser.mjs';

export const compose = (page) => page.locator('[data-lexical-editor="true"][role="textbox"]');
export const cards = (page) => page.locator('.ac-adaptiveCard');

export async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await compose(page).waitFor({ timeout: 30_000 });
  return page;
}

/** Sends a message and waits for a new card whose text matches. Returns the card's locator. */
export async function say(page, text, expect, { timeout = 20_000 } = {}) {
  const before = await cards(page).count();
  await compose(page).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const card = cards(page).nth(before);
  await card.waitFor({ timeout });
  if (!expect) return cards(page).last();
  // The newest card with that text: other cards (a late welcome) may arrive in between.
  const matching = cards(page).filter({ hasText: expect }).last();
  await matching.waitFor({ timeout });
  return matching;
}

export { shot };

/**
 * Links the demo portal the way an admin does: `connect`, "Open in browser" (the Playground cannot run Teams' sign-in
 * popup; that link opens the same start page in a new window), approve on the sandbox consent page, type the code
 * into the chat. `step(name, page)` is called at each stage (e.g. for a screenshot). Returns where the start page
 * sent the admin, the code, and the "Linked to HubSpot portal" text.
 */
export async function linkPortal(context, page, { portal = '20260301', step = async () => {} } = {}) {
  const card = await say(page, 'connect', 'Sign in with a HubSpot');
  await step('card', page);
  const [consent] = await Promise.all([
    context.waitForEvent('page', { timeout: 20_000 }),
    card.getByText('Open in browser').click(),
  ]);
  await consent.locator('#approve').waitFor({ timeout: 20_000 });
  const consentUrl = consent.url();
  await consent.check(`#portal-${portal}`);
  await step('consent', consent);
  await consent.click('#approve');
  const code = consent.locator('#code');
  await code.waitFor({ state: 'attached', timeout: 20_000 });
  const verification = (await code.textContent()).trim();
  await step('callback', consent);
  await consent.close();

  const linked = page.getByText('Linked to HubSpot portal');
  const before = await linked.count();
  await compose(page).click();
  await page.keyboard.type(verification);
  await page.keyboard.press('Enter');
  await linked.nth(before).waitFor({ timeout: 30_000 });
  await step('linked', page);
  return { consentUrl, verification, linked: await linked.nth(before).innerText() };
}

/**
 * The Playground does not read the app manifest: its message-extension panels have a "Command ID" field instead,
 * blank by default. Opens the search panel from the compose box with our command id filled in.
 */
export async function openSearch(page, commandId) {
  await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
  await page.getByRole('menuitem', { name: 'Search Command' }).click();
  await page.getByText('Specify Command ID or Parameter').click();
  await page.getByPlaceholder('Command ID').fill(commandId);
  return page.getByPlaceholder('Enter a search term');
}

/** Opens an action command on one chat message (its "…" menu), with our command id filled in, and fetches the dialog. */
export async function openAction(page, messageText, commandId) {
  const message = page.getByText(messageText, { exact: true }).first();
  await message.waitFor({ timeout: 20_000 });
  // The message's own "…" button: the nearest enclosing block that has one.
  const bubble = message.locator('xpath=ancestor::div[.//button[@aria-label="Show more information"]][1]');
  await bubble.hover();
  await bubble.getByRole('button', { name: 'Show more information' }).click();
  await page.getByRole('menuitem', { name: 'Action Command' }).click();
  await page.getByPlaceholder('Input command id or leave blanks').fill(commandId);
  await page.getByRole('button', { name: 'Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: 20_000 });
  return dialog;
}

/**
 * A compact Input.ChoiceSet on a card (the Playground renders it as a Fluent combobox named by its label): opens it,
 * returns the option labels it lists, picks `option` and returns those labels.
 */
export async function choose(page, card, label, option) {
  await card.getByRole('combobox', { name: label, exact: true }).click();
  const options = page.getByRole('option');
  await options.first().waitFor({ timeout: 10_000 });
  const labels = await options.allInnerTexts();
  await page.getByRole('option', { name: option, exact: true }).click();
  return labels;
}

/**
 * A searchable multi-select Input.ChoiceSet (style "filtered", isMultiSelect): for each pick, types `search` into its
 * box as a person would and ticks the item named `item`. The box keeps the ticked items' text, so it is cleared first.
 */
export async function pickMany(page, box, picks) {
  await box.click();
  for (const { search, item } of picks) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(search);
    await page.getByRole('menuitemcheckbox', { name: item, exact: true }).click();
  }
  await page.keyboard.press('Escape');
}
