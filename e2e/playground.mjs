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
