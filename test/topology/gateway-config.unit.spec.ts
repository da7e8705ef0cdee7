import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  gatewayConf,
  localUpstreams,
  writeGatewayConfig,
} from '../../scripts/topology/gateway-config';

/**
 * The local gateway is deploy/nginx/gateway.conf itself: only its listen address changes, and
 * its rate limit when the script is told to (TOPOLOGY_GATEWAY_RATE, TOPOLOGY_GATEWAY_BURST), so a
 * test driving a whole shop from one address need not weaken the file compose ships.
 */
describe('the local gateway config (scripts/topology/gateway-config.ts)', () => {
  const shipped = readFileSync(gatewayConf, 'utf8');
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'gateway-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const written = (file: string) => readFileSync(path.join(dir, file), 'utf8');

  it('is the shipped file with only the listen address changed by default', () => {
    writeGatewayConfig({ dir, port: 18080, upstreams: '' });

    expect(written('gateway.conf')).toBe(
      shipped.replace('listen 8080;', 'listen 127.0.0.1:18080;'),
    );
  });

  it('carries another rate and burst into every limit and into the 429 detail', () => {
    writeGatewayConfig({ dir, port: 18080, upstreams: '', rate: { perSecond: 500, burst: 900 } });

    const conf = written('gateway.conf');
    expect(conf).toContain('rate=500r/s');
    expect(conf).not.toContain('rate=20r/s');
    expect(conf.match(/burst=900 /g)).toHaveLength(3);
    expect(conf).not.toContain('burst=40');
    expect(conf).toContain('(500 a second)');
  });

  it('balances each upstream over the local instances given', () => {
    expect(localUpstreams([4001, 4002], [4003])).toBe(
      'upstream write_api {\n    server 127.0.0.1:4001;\n    server 127.0.0.1:4002;\n    keepalive 16;\n}\n' +
        'upstream read_api {\n    server 127.0.0.1:4003;\n    keepalive 16;\n}\n',
    );
  });

  it('includes the upstreams before the gateway in the nginx.conf it writes', () => {
    writeGatewayConfig({ dir, port: 18080, upstreams: localUpstreams([1], [2]) });

    const conf = written('nginx.conf');
    expect(conf.indexOf('upstreams.conf')).toBeGreaterThan(-1);
    expect(conf.indexOf('upstreams.conf')).toBeLessThan(conf.indexOf('gateway.conf'));
  });
});
