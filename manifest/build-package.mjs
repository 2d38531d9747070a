// Builds the Teams app package: renders manifest.json from manifest.template.json and the settings,
// validates it against the official schema, checks the icons, and zips manifest.json + icons
// (at the zip root) into manifest/build/appPackage.zip.
//
// Settings come from options or environment variables (options win):
//   --teams-app-id / TEAMS_APP_ID   Teams app id (GUID); defaults to the bot app id
//   --bot-app-id   / BOT_APP_ID     the bot's Entra app registration (client) id
//   --bot-host     / BOT_HOST       host name of the bot, e.g. contoso-hsbot.azurewebsites.net
//   --app-version  / APP_VERSION    package version, default 1.0.0 (raise it for every re-upload)
//   --out <dir>                     output folder, default manifest/build
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkIcons } from './lib/icons.mjs';
import { renderManifest } from './lib/render.mjs';
import { validateAgainstSchema } from './lib/schema.mjs';
import { createZip } from './lib/zip.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function readSettings() {
  const { values } = parseArgs({
    options: {
      'teams-app-id': { type: 'string' },
      'bot-app-id': { type: 'string' },
      'bot-host': { type: 'string' },
      'app-version': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const botAppId = values['bot-app-id'] ?? process.env.BOT_APP_ID ?? '';
  return {
    settings: {
      TEAMS_APP_ID: values['teams-app-id'] ?? process.env.TEAMS_APP_ID ?? botAppId,
      BOT_APP_ID: botAppId,
      BOT_HOST: values['bot-host'] ?? process.env.BOT_HOST ?? '',
      APP_VERSION: values['app-version'] ?? process.env.APP_VERSION ?? '1.0.0',
    },
    outDir: resolve(values.out ?? join(here, 'build')),
  };
}

function main() {
  const { settings, outDir } = readSettings();
  const manifest = renderManifest(join(here, 'manifest.template.json'), settings);

  const colorPath = join(here, manifest.icons.color);
  const outlinePath = join(here, manifest.icons.outline);
  const problems = [...validateAgainstSchema(manifest), ...checkIcons(colorPath, outlinePath)];
  if (problems.length > 0) throw new Error(`The rendered manifest is not valid:\n  ${problems.join('\n  ')}`);

  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), manifestJson);
  const zipPath = join(outDir, 'appPackage.zip');
  writeFileSync(
    zipPath,
    createZip([
      { name: 'manifest.json', data: manifestJson },
      { name: manifest.icons.color, data: readFileSync(colorPath) },
      { name: manifest.icons.outline, data: readFileSync(outlinePath) },
    ]),
  );
  console.log(`Teams app package: ${zipPath} (manifest ${manifest.manifestVersion}, version ${manifest.version}, bot ${settings.BOT_APP_ID}, host ${settings.BOT_HOST})`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
