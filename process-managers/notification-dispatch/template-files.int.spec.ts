import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { notificationTemplates } from '../../domain/notification';
import { findTemplatesDir, loadTemplateSources } from './template-files';

const run = promisify(execFile);
const packageRoot = path.resolve(__dirname, '..', '..');
const sourceTemplates = path.join(
  packageRoot,
  'process-managers',
  'notification-dispatch',
  'templates',
);

describe('template files', () => {
  it('are found beside the TypeScript sources (jest, ts-node)', () => {
    expect(findTemplatesDir()).toBe(sourceTemplates);
    expect(Object.keys(loadTemplateSources())).toEqual([...notificationTemplates]);
  });

  it('are found from dist/, where the build copies no template files, via the package root', () => {
    const compiled = path.join(packageRoot, 'dist', 'process-managers', 'notification-dispatch');
    expect(findTemplatesDir(compiled)).toBe(sourceTemplates);
  });

  it('fail at load, naming where they were looked for, when there are none', () => {
    expect(() => findTemplatesDir('/')).toThrow(/notification templates not found beside \//);
  });

  describe('from a real compiled build', () => {
    let buildRoot: string;
    // Inside the package (.tmp/ is git-ignored), as dist/ is: the compiled module has no
    // templates beside it and must find the package root's.
    beforeAll(async () => {
      await mkdir(path.join(packageRoot, '.tmp'), { recursive: true });
      buildRoot = await mkdtemp(path.join(packageRoot, '.tmp', 'template-build-'));
    });
    afterAll(() => rm(buildRoot, { recursive: true, force: true }));

    it('loads all six templates from the compiled JavaScript', async () => {
      const outDir = path.join(buildRoot, 'dist');
      // The build's module settings (tsconfig.build.json), for this module and what it imports;
      // types are the typecheck's business, this only needs the emitted JavaScript.
      await run(
        path.join(packageRoot, 'node_modules', '.bin', 'tsc'),
        [
          ...['--rootDir', packageRoot, '--outDir', outDir, '--module', 'commonjs'],
          ...['--target', 'ES2022', '--moduleResolution', 'node10', '--esModuleInterop'],
          ...['--skipLibCheck', '--types', 'node', '--noCheck'],
          path.join(__dirname, 'template-files.ts'),
        ],
        { cwd: packageRoot },
      );
      const compiled = path.join(
        outDir,
        'process-managers',
        'notification-dispatch',
        'template-files.js',
      );
      const script = `const m = require(${JSON.stringify(compiled)});
        console.log(JSON.stringify({ dir: m.findTemplatesDir(), templates: Object.keys(m.loadTemplateSources()) }));`;
      const { stdout } = await run(process.execPath, ['-e', script], { cwd: buildRoot });
      expect(JSON.parse(stdout)).toEqual({
        dir: sourceTemplates,
        templates: [...notificationTemplates],
      });
    }, 60_000);
  });
});
