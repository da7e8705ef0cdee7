import { apiClient } from '../../cli/seed/api-client';
import { Session } from '../../cli/seed/session';
import { serverAnswering } from './loopback-server.testing';

describe('seed session', () => {
  it('logs in once for concurrent callers, and again a minute before the token expires', async () => {
    const login = (accessToken: string) => ({ status: 200, body: { accessToken, expiresIn: 900 } });
    const server = await serverAnswering([login('first'), login('second')]);
    let now = 1_000_000;
    try {
      const write = apiClient({ baseUrl: server.url, name: 'write API', onWait: () => {} });
      const session = new Session(write, 'ann@example.com', 'passw0rd-1', () => now);

      expect(await Promise.all([session.token(), session.token()])).toEqual(['first', 'first']);
      now += 839_999; // 15 minutes less one, less a millisecond
      expect(await session.token()).toBe('first');
      now += 1;
      expect(await Promise.all([session.token(), session.token()])).toEqual(['second', 'second']);
      expect(server.seen.map((request) => request.url)).toEqual([
        '/api/v1/auth/login',
        '/api/v1/auth/login',
      ]);
    } finally {
      await server.close();
    }
  });
});
