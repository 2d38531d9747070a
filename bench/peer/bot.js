'use strict';
// The benchmark's peer: a minimal bot on Microsoft's Bot Framework JS SDK (botbuilder 4.23.3) that answers "help"
// with an Adaptive Card shaped like ours. Everything security-relevant is the SDK's own: CloudAdapter validates the
// channel JWT against the OpenID metadata/JWKS we point it at (issuer, audience, signature, endorsements, serviceurl
// claim) and replies through the connector with a client-credentials token from MSAL.
//
// Settings (environment): PORT, BOT_APP_ID, BOT_APP_PASSWORD, BOT_TENANT_ID, OPENID_METADATA_URL,
// TOKEN_AUTHORITY (https origin of the token endpoint; the tenant id is appended). NODE_EXTRA_CA_CERTS makes node
// trust the simulator's throwaway certificate.
const http = require('node:http');
const { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, TurnContext } = require('botbuilder');
const { MsalServiceClientCredentialsFactory } = require('botframework-connector');
const { ConfidentialClientApplication } = require('@azure/msal-node');

function setting(name) {
    const value = process.env[name];
    if (!value) {
        console.error(`Missing setting ${name}`);
        process.exit(2);
    }
    return value;
}

const appId = setting('BOT_APP_ID');
const tenantId = setting('BOT_TENANT_ID');
const tokenAuthority = setting('TOKEN_AUTHORITY').replace(/\/$/, '');
const loginUrl = `${tokenAuthority}/${tenantId}`;

// MSAL node would otherwise ask login.microsoftonline.com to vouch for the authority (instance discovery) and fetch
// its openid-configuration; the simulator is a plain token endpoint, so its metadata is given here.
const msal = new ConfidentialClientApplication({
    auth: {
        clientId: appId,
        clientSecret: setting('BOT_APP_PASSWORD'),
        authority: loginUrl,
        knownAuthorities: [new URL(tokenAuthority).host],
        authorityMetadata: JSON.stringify({
            issuer: `${loginUrl}/v2.0`,
            token_endpoint: `${loginUrl}/oauth2/v2.0/token`,
            authorization_endpoint: `${loginUrl}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${loginUrl}/oauth2/v2.0/logout`,
            jwks_uri: `${loginUrl}/discovery/v2.0/keys`,
        }),
    },
});

const auth = new ConfigurationBotFrameworkAuthentication(
    {
        MicrosoftAppId: appId,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: tenantId,
        ToBotFromChannelOpenIdMetadataUrl: setting('OPENID_METADATA_URL'),
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        ToChannelFromBotLoginUrl: loginUrl,
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ValidateAuthority: false,
    },
    new MsalServiceClientCredentialsFactory(appId, msal));

const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
    console.error(`turn failed: ${error && error.message}`);
};

const commands = [
    ['help', 'What I can do'],
    ['whoami', 'Your Teams identity and app role'],
    ['find <text>', 'Search HubSpot contacts and deals'],
    ['new contact', 'Create a contact'],
    ['edit contact <email | name | id>', 'Update a contact'],
    ['new deal', 'Create a deal'],
    ['update deal <name | id>', 'Update a deal'],
    ['log note | call | meeting | task <record>', 'Log an activity on a contact or deal'],
    ['connect · status · disconnect', 'Link HubSpot for the whole organisation (admins)'],
    ['roles · role grant · role revoke', 'Who may do what (admins)'],
    ['audit [n]', 'Recent changes made through the bot (admins)'],
];

function helpCard() {
    return {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [
            { type: 'TextBlock', text: 'HubSpot for Teams', weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: 'Work on your company\'s HubSpot contacts, deals and activities without leaving Teams. Type a command, or pick one below.', isSubtle: true, wrap: true },
            { type: 'FactSet', facts: commands.map(([title, value]) => ({ title, value })) },
            { type: 'TextBlock', text: 'In a channel or group chat, @mention me first. From the compose box, use the HubSpot message extension to search and share contacts.', isSubtle: true, wrap: true },
        ],
        actions: [
            { type: 'Action.Submit', title: 'Find a contact', data: { verb: 'help.try', command: 'find' } },
            { type: 'Action.Submit', title: 'New contact', data: { verb: 'help.try', command: 'new contact' } },
        ],
    };
}

class HelpBot extends ActivityHandler {
    constructor() {
        super();
        this.onMessage(async (context, next) => {
            // In a channel the message carries the bot's @mention; the SDK's helper strips it, as ours does.
            const text = (TurnContext.removeRecipientMention(context.activity) || '').trim().toLowerCase();
            if (text === 'help' || text === '?') {
                await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard())));
            }
            await next();
        });
    }
}
const bot = new HelpBot();

// A bare node http server: CloudAdapter only needs req.body/headers/method and res.status/send/end.
function shim(res) {
    return {
        status(code) { res.statusCode = code; },
        send(body) {
            if (body === undefined) return;
            res.setHeader('content-type', 'application/json');
            res.write(typeof body === 'string' ? body : JSON.stringify(body));
        },
        end() { res.end(); },
        header(name, value) { res.setHeader(name, value); },
    };
}

const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
        res.end('Healthy');
        return;
    }
    if (req.method !== 'POST' || req.url !== '/api/messages') {
        res.statusCode = 404;
        res.end();
        return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        try {
            req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
            res.statusCode = 400;
            res.end();
            return;
        }
        adapter.process(req, shim(res), (context) => bot.run(context)).catch((error) => {
            console.error(`process failed: ${error && error.message}`);
            if (!res.writableEnded) {
                res.statusCode = 500;
                res.end();
            }
        });
    });
});
server.keepAliveTimeout = 65000;
server.listen(Number(setting('PORT')), '127.0.0.1');
// Exit cleanly on SIGTERM so `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));
