// Grants one person a bot role by writing their RoleAssignment row straight into Azurite's table service, the way
// the bot's RoleAssignmentStore stores it. The bot has no setting that pre-grants an Editor (Roles only knows
// bootstrap admins and default roles), so the local run seeds this row at start.
// Usage: node scripts/seed-role.mjs <tableEndpoint> <tenantId> <aadObjectId> <displayName> <role> [grantedBy]
import { createHmac } from 'node:crypto';

const ACCOUNT = 'devstoreaccount1';
// Azurite's fixed, public development key (documented by Microsoft); never a real secret.
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const TABLE = 'RoleAssignments';

const [endpoint, tenantId, aadObjectId, displayName, role, grantedBy = 'run.sh'] = process.argv.slice(2);
if (!endpoint || !tenantId || !aadObjectId || !displayName || !role) {
  console.error('usage: node scripts/seed-role.mjs <tableEndpoint> <tenantId> <aadObjectId> <displayName> <Admin|Editor|Viewer> [grantedBy]');
  process.exit(2);
}

async function call(method, path, body) {
  const url = new URL(endpoint.replace(/\/$/, '') + path);
  const date = new Date().toUTCString();
  // SharedKeyLite for the Table service: date + canonicalized resource. With the emulator's path-style URLs the
  // account appears twice (/account + /account/Tables).
  const canonical = `/${ACCOUNT}${decodeURIComponent(url.pathname)}`;
  const signature = createHmac('sha256', Buffer.from(KEY, 'base64')).update(`${date}\n${canonical}`).digest('base64');
  const response = await fetch(url, {
    method,
    headers: {
      'x-ms-date': date,
      'x-ms-version': '2019-02-02',
      Authorization: `SharedKeyLite ${ACCOUNT}:${signature}`,
      Accept: 'application/json;odata=nometadata',
      'Content-Type': 'application/json',
      DataServiceVersion: '3.0;NetFx',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const escape = (value) => value.replace(/[/\\#?%\u0000-\u001f\u007f-\u009f]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

const created = await call('POST', '/Tables', { TableName: TABLE });
if (created.status !== 201 && created.status !== 204 && created.status !== 409) {
  console.error(`creating table ${TABLE} failed: ${created.status} ${created.text}`);
  process.exit(1);
}
const partition = escape(tenantId);
const row = escape(aadObjectId);
const saved = await call('PUT', `/${TABLE}(PartitionKey='${partition}',RowKey='${row}')`, {
  TenantId: tenantId,
  PrincipalId: aadObjectId,
  Kind: 'User',
  DisplayName: displayName,
  Role: role,
  GrantedByAadObjectId: grantedBy,
  GrantedByName: grantedBy,
  GrantedAt: new Date().toISOString(),
  'GrantedAt@odata.type': 'Edm.DateTime',
});
if (saved.status !== 204) {
  console.error(`granting ${role} to ${displayName} failed: ${saved.status} ${saved.text}`);
  process.exit(1);
}
console.log(`granted ${role} to ${displayName} (${aadObjectId})`);
