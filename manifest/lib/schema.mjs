// Validates a manifest against the official Teams JSON schema shipped in npm @microsoft/app-manifest,
// picked by the manifest's own manifestVersion. The schema is passed to Ajv explicitly because the
// package's helpers would try to download it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function schemaPath(manifestVersion) {
  const packageRoot = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(packageRoot, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Returns a list of readable problems; empty when the manifest is valid. */
export function validateAgainstSchema(manifest) {
  const version = manifest?.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const path = schemaPath(version);
  if (!existsSync(path)) return [`no schema for manifestVersion ${version} in @microsoft/app-manifest (${path})`];

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
  if (validate(manifest)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
