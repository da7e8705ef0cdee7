import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Runs deploy/nginx/gateway.conf, the gateway docker-compose.yml mounts, under a local nginx:
 * the same file with only its listen address (and, when asked, its rate limit) changed, after an
 * upstreams file for wherever the APIs listen. scripts/run-topology.sh runs this file
 * directly; the gateway tests import it.
 */
export const gatewayConf = path.resolve(__dirname, '../../deploy/nginx/gateway.conf');

/** The shipped per-client limit (gateway.conf), which compose runs unchanged. */
export const SHIPPED_RATE = Object.freeze({ perSecond: 20, burst: 40 });

export type GatewayOptions = Readonly<{
  /** Where nginx.conf and its temp folders go; created if missing. */
  dir: string;
  port: number;
  /** nginx text defining the `write_api` and `read_api` upstreams. */
  upstreams: string;
  rate?: Readonly<{ perSecond: number; burst: number }>;
  /** Where requests are logged; by default they are not. */
  accessLog?: string;
}>;

export type GatewaySetup = Readonly<{
  dir: string;
  port: number;
  /** Arguments for nginx that select this setup's files. */
  args: string[];
}>;

export function writeGatewayConfig(options: GatewayOptions): GatewaySetup {
  const { dir, port, upstreams, rate = SHIPPED_RATE } = options;
  mkdirSync(dir, { recursive: true });
  // nginx started as root runs its workers as nobody, and they write proxy buffers here.
  chmodSync(dir, 0o777);
  writeFileSync(path.join(dir, 'gateway.conf'), localGateway(port, rate));
  writeFileSync(path.join(dir, 'upstreams.conf'), upstreams);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`)
    .join('\n');
  const accessLog = options.accessLog ? `access_log ${options.accessLog};` : 'access_log off;';
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;\npid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')};\n` +
      `events {}\nhttp {\n  ${accessLog}\n${temp}\n` +
      (upstreams === '' ? '' : `  include ${path.join(dir, 'upstreams.conf')};\n`) +
      `  include ${path.join(dir, 'gateway.conf')};\n}\n`,
  );
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  return { dir, port, args };
}

/** Upstreams for API instances listening on local ports. */
export function localUpstreams(writeApiPorts: number[], readApiPorts: number[]): string {
  const upstream = (name: string, ports: number[]) =>
    `upstream ${name} {\n${ports.map((port) => `    server 127.0.0.1:${port};\n`).join('')}    keepalive 16;\n}\n`;
  return upstream('write_api', writeApiPorts) + upstream('read_api', readApiPorts);
}

function localGateway(port: number, rate: GatewayOptions['rate'] & object): string {
  let conf = readFileSync(gatewayConf, 'utf8');
  conf = replaceExactly(conf, 'listen 8080;', `listen 127.0.0.1:${port};`, 1);
  if (rate.perSecond === SHIPPED_RATE.perSecond && rate.burst === SHIPPED_RATE.burst) return conf;
  conf = replaceExactly(conf, 'rate=20r/s', `rate=${rate.perSecond}r/s`, 1);
  // The 429 problem's detail states the limit, so it changes with it.
  conf = replaceExactly(conf, '(20 a second)', `(${rate.perSecond} a second)`, 1);
  return replaceExactly(conf, 'burst=40', `burst=${rate.burst}`, 3);
}

/** Fails loudly when gateway.conf changed shape, instead of running it half rewritten. */
function replaceExactly(text: string, from: string, to: string, times: number): string {
  const parts = text.split(from);
  if (parts.length - 1 !== times) {
    throw new Error(`${gatewayConf} must contain "${from}" exactly ${times} time(s)`);
  }
  return parts.join(to);
}

/**
 * `gateway-config.ts <dir> --port P --write-api P1,P2 --read-api P3 [--rate N --burst N]
 * [--access-log FILE]`: writes the setup and prints nginx's arguments, one a line.
 */
function main(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'write-api': { type: 'string' },
      'read-api': { type: 'string' },
      rate: { type: 'string', default: String(SHIPPED_RATE.perSecond) },
      burst: { type: 'string', default: String(SHIPPED_RATE.burst) },
      'access-log': { type: 'string' },
    },
  });
  const ports = (list = '') => list.split(',').filter(Boolean).map(Number);
  const setup = writeGatewayConfig({
    dir: path.resolve(positionals[0] ?? ''),
    port: Number(values.port),
    upstreams: localUpstreams(ports(values['write-api']), ports(values['read-api'])),
    rate: { perSecond: Number(values.rate), burst: Number(values.burst) },
    accessLog: values['access-log'],
  });
  process.stdout.write(`${setup.args.join('\n')}\n`);
}

if (require.main === module) main(process.argv.slice(2));
