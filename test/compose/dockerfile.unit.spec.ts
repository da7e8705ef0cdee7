import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './compose-file';
import { packagesRequiredAtRunTime } from './production-sources';

/**
 * No Docker engine builds the image here, so what would break it is checked from the files:
 * a source folder the build stage does not copy, a package the runtime stage (production
 * dependencies only) lacks, an entry point that is not the CLI, or running as root.
 */
const dockerfile = readFileSync(path.join(repositoryRoot, 'Dockerfile'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtimeStage = stages[stages.length - 1];

describe('Dockerfile', () => {
  it('copies every folder tsconfig.build.json compiles into the build stage', () => {
    const build = JSON.parse(
      readFileSync(path.join(repositoryRoot, 'tsconfig.build.json'), 'utf8'),
    ) as { include: string[] };
    const copied = [...stages[0].matchAll(/^COPY (\S+) \1$/gm)].map(([, folder]) => folder);
    expect(build.include.filter((folder) => !copied.includes(folder))).toEqual([]);
  });

  it('has every package the compiled code requires among the production dependencies', () => {
    const required = packagesRequiredAtRunTime();
    expect(required.get('knex')).toBeDefined();
    const missing = [...required]
      .filter(([name]) => packageJson.dependencies[name] === undefined)
      .map(([name, file]) => `${name} (required by ${file})`);
    expect(missing).toEqual([]);
  });

  it('installs production dependencies only in the runtime stage', () => {
    expect(runtimeStage).toMatch(/^RUN npm ci --omit=dev/m);
  });

  it('runs the shopstream CLI as a non-root user', () => {
    const users = [...runtimeStage.matchAll(/^USER (\S+)$/gm)].map(([, user]) => user);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)$/);
    expect(runtimeStage).toContain(`ENTRYPOINT ["node", "${packageJson.bin.shopstream}"]`);
  });
});
