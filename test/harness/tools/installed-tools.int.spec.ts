import { ensureTools } from './ensure-tools';
import { installedTools } from './installed-tools';
import { missingTools } from './plan';

// This machine ran scripts/install-test-services.sh (the harness that started this spec made
// sure of it): the real probes must find every tool, so a prepared machine never reruns it.
describe('the tools on this machine', () => {
  it('finds every tool the install script installs', () => {
    const missing = missingTools(installedTools(), ['postgres', 'redis', 'kafka', 'smtp']);
    expect(missing.map((tool) => tool.name)).toEqual([]);
  });

  it('runs no install script (so no apt-get) when everything is present', () => {
    const runs: string[] = [];
    ensureTools(['postgres', 'redis', 'kafka', 'smtp'], {
      tools: installedTools(),
      canInstall: true,
      runInstallScript: () => {
        runs.push('install-test-services.sh');
        return 0;
      },
      log: () => undefined,
    });
    expect(runs).toEqual([]);
  });
});
