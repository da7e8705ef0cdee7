import { buildProgram } from '../../cli/program';
import { DEFAULT_SIZE, MAX_SIZE, seedSettings } from '../../cli/seed/seed-options';

const ports = { writeApiPort: 3000, readApiPort: 3001 };

describe('shopstream seed options', () => {
  it('defaults to both APIs on 127.0.0.1 at the configured ports, and a size that needs no rate-limit wait', () => {
    const settings = seedSettings({}, { writeApiPort: 4100, readApiPort: 4101 });
    expect(settings.writeUrl).toBe('http://127.0.0.1:4100');
    expect(settings.readUrl).toBe('http://127.0.0.1:4101');
    expect(settings.size).toEqual(DEFAULT_SIZE);
    // Registrations and logins (one per user plus the admin's) stay under 30 a minute each.
    expect(DEFAULT_SIZE.users + 1).toBeLessThan(30);
  });

  it('sends both APIs to one gateway with --url, /api/v1 and trailing slashes dropped', () => {
    const settings = seedSettings({ url: 'http://gateway.local:8080/api/v1/' }, ports);
    expect(settings.writeUrl).toBe('http://gateway.local:8080');
    expect(settings.readUrl).toBe('http://gateway.local:8080');
  });

  it.each([
    [{ users: '-1' }, '--users must be a whole number from 0 to 10000, got "-1"'],
    [{ products: 'many' }, '--products must be a whole number from 0 to 10000, got "many"'],
    [{ orders: '2.5' }, '--orders must be a whole number from 0 to 100000, got "2.5"'],
    [{ orders: String(MAX_SIZE.orders + 1) }, `--orders must be a whole number from 0 to 100000`],
    [{ concurrency: '0' }, '--concurrency must be a whole number from 1 to 32, got "0"'],
    [{ seedValue: '4294967296' }, '--seed-value must be a whole number from 0 to 4294967295'],
    [{ users: '0', orders: '3' }, '--orders needs at least one user (--users) and one product'],
    [{ url: 'http://a', writeUrl: 'http://b' }, '--url (one gateway) and --write-url/--read-url'],
    [{ writeUrl: 'not a url' }, '--write-url: is not a valid URL'],
    [{ readUrl: 'ftp://host' }, '--read-url: must use http:// or https://'],
  ])('refuses %j in one line', (raw, message) => {
    expect(() => seedSettings(raw, ports)).toThrow(message);
  });

  it('refuses a bad option through the command, before it sends anything', async () => {
    const program = buildProgram().exitOverride();
    await expect(
      program.parseAsync([
        'node',
        'shopstream',
        'seed',
        '--users=-3',
        '--url',
        'http://127.0.0.1:9',
      ]),
    ).rejects.toThrow(/^--users must be a whole number from 0 to 10000, got "-3"$/);
  });

  it('explains its defaults and the rate limit in --help', () => {
    const seed = buildProgram().commands.find((command) => command.name() === 'seed');
    const help = seed?.helpInformation() ?? '';
    expect(help).toContain('--seed-value <n>');
    let text = '';
    seed?.configureOutput({ writeOut: (s) => (text += s) }).exitOverride();
    expect(() => seed?.outputHelp()).not.toThrow();
    expect(text).toContain('AUTH_RATE_LIMIT_PER_MINUTE');
  });
});
