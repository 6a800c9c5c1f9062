/**
 * Composition root: configuration, logger, client, listen, the login banner, graceful close on
 * SIGINT/SIGTERM. Everything else is the `app` plugin.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import luoshiApp from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { prepareClient } from './http/client-build.ts';
import { fastifyOptions } from './http/server-options.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = Fastify(fastifyOptions(config));
  const clientDir = prepareClient(config.LUOSHI_CLIENT, projectRoot, app.log);
  await app.register(luoshiApp, { config, clientDir });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  process.stdout.write(loginBanner(app, config));
}

/**
 * What an operator needs after `npm start`: where to open the product and how organisers log
 * in — with the first account's generated password, shown this one time only.
 */
function loginBanner(app: FastifyInstance, config: Config): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const first = app.firstOrganiser;
  const lines = [`Luoshi is running at ${base}`, `Organisers log in at ${base}/login (主办单位登录); venues join with their codes at ${base}/`];
  if (first?.generatedPassword) {
    lines.push(
      '',
      'First organiser account created. The password is shown only this once:',
      `  username: ${first.organiser.username}`,
      `  password: ${first.generatedPassword}`,
      'Log in, change the password (修改密码) and add department accounts (单位账号).',
      'To choose the first account yourself instead, set LUOSHI_ADMIN_USER and LUOSHI_ADMIN_PASSWORD on a fresh database.',
    );
  } else if (first) {
    lines.push(`Organiser account "${first.organiser.username}" created from LUOSHI_ADMIN_USER / LUOSHI_ADMIN_PASSWORD.`);
  }
  const rule = '-'.repeat(72);
  return `${rule}\n${lines.map((l) => (l ? ` ${l}` : '')).join('\n')}\n${rule}\n`;
}

void main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
