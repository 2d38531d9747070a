#!/usr/bin/env node
// Moves a deal's stage in the local HubSpot sandbox as a HubSpot user would in HubSpot's web UI, for the local demo:
// the sandbox sends the change to the bot as a signed webhook (deal.propertyChange, dealstage, changeSource CRM_UI).
//
//   node scripts/move-deal-stage.mjs                         lists the demo portal's deals and their stages
//   node scripts/move-deal-stage.mjs "<deal name or id>" <stage id>   e.g. ... "Acme renewal" contractsent
//
// Environment: SANDBOX_PORT (5199), PORTAL_ID (20260301, the demo portal).
const sandbox = `http://127.0.0.1:${process.env.SANDBOX_PORT ?? '5199'}`;
const portal = process.env.PORTAL_ID ?? '20260301';
const [dealArg, stage] = process.argv.slice(2);

async function call(method, path, body) {
  const response = await fetch(sandbox + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const deals = (await call('GET', `/_sandbox/portals/${portal}/objects/deals`)).body?.results ?? [];
if (!dealArg || !stage) {
  for (const deal of deals.slice(0, 25)) console.log(`${deal.id}\t${deal.properties.dealstage}\t${deal.properties.dealname}`);
  console.log(`\nusage: node scripts/move-deal-stage.mjs "<deal name or id>" <stage id>   (stages: appointmentscheduled, qualifiedtobuy, presentationscheduled, decisionmakerboughtin, contractsent, closedwon, closedlost)`);
  process.exit(dealArg ? 2 : 0);
}

const wanted = dealArg.toLowerCase();
const deal = deals.find(d => d.id === dealArg) ?? deals.find(d => (d.properties.dealname ?? '').toLowerCase() === wanted)
  ?? deals.find(d => (d.properties.dealname ?? '').toLowerCase().includes(wanted));
if (!deal) {
  console.error(`No deal "${dealArg}" in portal ${portal}; run without arguments to list them.`);
  process.exit(1);
}

const result = await call('POST', `/_sandbox/portals/${portal}/changes`, { objectType: 'deals', objectId: deal.id, properties: { dealstage: stage } });
if (result.status !== 200) {
  console.error(`The sandbox refused the change (${result.status}): ${result.body?.message ?? ''}`);
  process.exit(1);
}
console.log(`Deal ${deal.id} "${deal.properties.dealname}": ${deal.properties.dealstage} -> ${result.body.properties.dealstage} (the sandbox now sends the webhook to the bot)`);
