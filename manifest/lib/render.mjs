// Renders manifest.template.json: every {{NAME}} placeholder in a string value is replaced by a setting.
import { readFileSync } from 'node:fs';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** Checks the settings and returns a list of problems (empty when all is well). */
export function checkSettings(settings) {
  const problems = [];
  const need = (name, ok, hint) => {
    const value = settings[name];
    if (value === undefined || value === '') problems.push(`${name} is missing (${hint})`);
    else if (!ok(value)) problems.push(`${name} "${value}" is not valid (${hint})`);
  };
  need('TEAMS_APP_ID', (v) => GUID.test(v), 'a GUID; defaults to BOT_APP_ID');
  need('BOT_APP_ID', (v) => GUID.test(v), "a GUID: the bot's Entra app registration (client) id");
  need('BOT_HOST', (v) => HOST.test(v), 'a host name only, e.g. contoso-bot.azurewebsites.net, no https:// and no path');
  need('APP_VERSION', (v) => SEMVER.test(v), 'major.minor.patch, e.g. 1.0.0');
  return problems;
}

function substitute(value, settings, unknown) {
  if (typeof value === 'string') {
    return value.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, name) => {
      if (!(name in settings)) {
        unknown.add(name);
        return whole;
      }
      return settings[name];
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, settings, unknown));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, settings, unknown)]));
  }
  return value;
}

/** Returns the manifest object for the given settings; throws when a setting is bad or a placeholder unknown. */
export function renderManifest(templatePath, settings) {
  const problems = checkSettings(settings);
  if (problems.length > 0) throw new Error(`Bad package settings:\n  ${problems.join('\n  ')}`);
  const template = JSON.parse(readFileSync(templatePath, 'utf8'));
  const unknown = new Set();
  const manifest = substitute(template, settings, unknown);
  if (unknown.size > 0) throw new Error(`The template uses unknown placeholders: ${[...unknown].join(', ')}`);
  return manifest;
}
