// An independent, OpenID-certified provider (panva/oidc-provider) for Plein's SSO tests.
//
// Plein's relying parties must work with any standards-compliant issuer, so the
// integration tests run them against this provider, which the project did not write.
// Everything comes from the command line or the environment (see README.md):
//
//   node server.mjs --port 9000 --issuer http://127.0.0.1:9000 \
//       [--clients JSON|@file] [--accounts JSON|@file] [--resolve-to 127.0.0.1]
//
// Env fallbacks: OIDC_PORT, OIDC_ISSUER, OIDC_CLIENTS, OIDC_ACCOUNTS, OIDC_RESOLVE_TO.
// Clients use the shape of Plein's PLEIN_OIDC_CLIENTS setting, extended with the URIs:
//   {"alpha": {"client_id": "...", "client_secret": "...", "redirect_uris": [...],
//              "post_logout_redirect_uris": [...], "backchannel_logout_uri": "...",
//              "token_endpoint_auth_method": "client_secret_basic"}}
// Accounts: [{"sub": "...", "email": "...", "email_verified": true, "name": "...",
//             "password": "..."}]
//
// It logs one JSON line per event of interest on stdout (listening, login, logout,
// back-channel logout delivered or failed), so a test can assert what happened here.

import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const DEFAULT_ACCOUNTS = [
  {
    sub: 'c0ffee00-0000-4000-8000-000000000001',
    email: 'anna@example.org',
    email_verified: true,
    name: 'Anna de Vries',
    password: 'correct horse battery staple',
  },
  {
    sub: 'c0ffee00-0000-4000-8000-000000000002',
    email: 'bram@example.org',
    email_verified: false,
    name: 'Bram Jansen',
    password: 'another long passphrase',
  },
];

function log(event, fields = {}) {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}

function jsonOption(value, name) {
  if (value === undefined || value === '') return undefined;
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`--${name} is not valid JSON: ${error.message}`);
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      issuer: { type: 'string' },
      clients: { type: 'string' },
      accounts: { type: 'string' },
      'resolve-to': { type: 'string' },
    },
  });
  const port = Number(values.port ?? process.env.OIDC_PORT ?? 9000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`invalid port: ${values.port ?? process.env.OIDC_PORT}`);
  }
  const issuer = (values.issuer ?? process.env.OIDC_ISSUER ?? `http://127.0.0.1:${port}`)
    .replace(/\/$/, '');
  const clients = jsonOption(values.clients ?? process.env.OIDC_CLIENTS, 'clients') ?? {};
  const accounts = jsonOption(values.accounts ?? process.env.OIDC_ACCOUNTS, 'accounts')
    ?? DEFAULT_ACCOUNTS;
  const resolveTo = values['resolve-to'] ?? process.env.OIDC_RESOLVE_TO ?? '';
  return { port, issuer, clients, accounts, resolveTo };
}

function clientMetadata(slug, client) {
  for (const key of ['client_id', 'client_secret', 'redirect_uris']) {
    if (!client[key]) throw new Error(`client ${slug}: ${key} is missing`);
  }
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_name: client.client_name ?? slug,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    ...(client.backchannel_logout_uri
      ? {
        backchannel_logout_uri: client.backchannel_logout_uri,
        // The ID and logout tokens then carry `sid`, which Plein tracks sessions by.
        backchannel_logout_session_required: true,
      }
      : {}),
  };
}

function signingKey() {
  // A fresh key per run: nothing secret is committed, and relying parties must find it
  // through discovery and the JWKS like they would at any real provider.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
}

// Outgoing requests (back-channel logout) in a test go to the relying parties' names,
// which have no DNS here: like Chromium's --host-resolver-rules, every name can be sent
// to one address. That also bypasses the library's SSRF guard, which (rightly, in
// production) refuses loopback addresses.
function loopbackFetch(resolveTo) {
  const lookup = (_hostname, lookupOptions, callback) => {
    const family = resolveTo.includes(':') ? 6 : 4;
    if (lookupOptions?.all) callback(null, [{ address: resolveTo, family }]);
    else callback(null, resolveTo, family);
  };
  return (url, init) => new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body === undefined ? undefined : String(init.body);
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const request = transport.request(target, {
      method: init.method ?? 'GET', headers, lookup, signal: init.signal,
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const nullBody = [101, 204, 205, 304].includes(response.statusCode);
        resolve(new Response(nullBody ? null : Buffer.concat(chunks), {
          status: response.statusCode,
          headers: Object.entries(response.headers).flatMap(([name, value]) => (
            Array.isArray(value) ? value.map((v) => [name, v]) : [[name, String(value)]])),
        }));
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function page(title, body) {
  // No outside stylesheet or font: tests run without a network.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:26rem;color:#1a1a1a}
label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.4rem;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem;background:#0b4f8a;color:#fff;border:0}
button:focus,input:focus{outline:3px solid #f5a623}.error{color:#a10000}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage({ uid, clientName, email = '', error = '' }) {
  return page('Sign in', `
<h1>Sign in</h1>
<p>to continue to ${escapeHtml(clientName)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="email">E-mail address</label>
<input id="email" name="email" type="email" required autofocus value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>`);
}

async function formBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function samePassword(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function main() {
  const { port, issuer, clients, accounts, resolveTo } = options();
  const accountsBySub = new Map(accounts.map((account) => [account.sub, account]));
  const accountsByEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a]));

  const configuration = {
    clients: Object.entries(clients).map(([slug, client]) => clientMetadata(slug, client)),
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    responseTypes: ['code'],
    pkce: { required: () => true }, // S256 is the only method oidc-provider 9 accepts
    features: {
      devInteractions: { enabled: false }, // the small login form below instead
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Sign out', `
<h1>Sign out</h1>
<p>Do you want to sign out of every site?</p>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" autofocus>Yes, sign me out</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Signed out', '<h1>Signed out</h1><p>You are signed out.</p>');
        },
      },
      introspection: {
        enabled: true,
        // Any registered client may introspect tokens issued to itself.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accountsBySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: Boolean(account.email_verified),
            name: account.name,
          };
        },
      };
    },
    // Plein's subsites are the platform's own clients: no consent screen, so that a silent
    // prompt=none login on a second subsite can succeed.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile offline_access');
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1>Error</h1><p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`);
    },
    ...(resolveTo ? { fetch: loopbackFetch(resolveTo) } : {}),
  };

  const provider = new Provider(issuer, configuration);

  provider.on('backchannel.success', (_ctx, client, accountId, sid) => {
    log('backchannel.success', { client_id: client.clientId, sub: accountId, sid });
  });
  provider.on('backchannel.error', (_ctx, error, client, accountId, sid) => {
    log('backchannel.error', {
      client_id: client.clientId, sub: accountId, sid, error: error.message,
    });
  });
  provider.on('end_session.success', (ctx) => {
    log('end_session.success', { client_id: ctx.oidc.client?.clientId ?? null });
  });
  provider.on('server_error', (_ctx, error) => log('server_error', { error: error.stack }));

  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) return next();
    ctx.set('cache-control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
    const clientName = details.params.client_id;
    if (details.prompt.name !== 'login') {
      // Only `login` needs a person here: consent is granted by loadExistingGrant.
      ctx.throw(400, `unexpected prompt ${details.prompt.name}`);
    }
    if (ctx.method === 'GET' && !match[2]) {
      ctx.type = 'html';
      ctx.body = loginPage({ uid: details.uid, clientName });
      return undefined;
    }
    if (ctx.method === 'POST' && match[2]) {
      const form = await formBody(ctx.req);
      const email = (form.get('email') ?? '').trim();
      const account = accountsByEmail.get(email.toLowerCase());
      if (!account || !samePassword(form.get('password') ?? '', account.password)) {
        log('login.failed', { email });
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage({
          uid: details.uid, clientName, email, error: 'Unknown e-mail address or wrong password.',
        });
        return undefined;
      }
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
        login: { accountId: account.sub },
      }, { mergeWithLastSubmission: false });
      log('login.success', { sub: account.sub, client_id: details.params.client_id });
      ctx.status = 303;
      ctx.redirect(returnTo);
      return undefined;
    }
    ctx.throw(405);
    return undefined;
  });

  const server = provider.listen(port, '127.0.0.1', () => {
    log('listening', { issuer, port, clients: Object.keys(clients) });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  process.stderr.write(`oidc-provider test server: ${error.message}\n`);
  process.exit(2);
}
