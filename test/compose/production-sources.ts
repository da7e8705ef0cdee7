import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repositoryRoot } from './compose-file';

/**
 * What the image's `npx tsc -p tsconfig.build.json` compiles, read through the compiler's own
 * reading of that file, and the packages that compiled code requires at run time.
 */
export function productionSources(): string[] {
  const configPath = path.join(repositoryRoot, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.build.json');
  return parsed.fileNames.filter((file) => file.endsWith('.ts'));
}

/**
 * Packages the compiled code `require`s, with imports used only as types left out, as the
 * compiler leaves them out of the output.
 */
export function packagesRequiredAtRunTime(): Map<string, string> {
  const required = new Map<string, string>();
  for (const file of productionSources()) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    }).outputText;
    for (const [, specifier] of output.matchAll(/require\("([^"]+)"\)/g)) {
      const name = packageName(specifier);
      if (name) required.set(name, path.relative(repositoryRoot, file));
    }
  }
  return required;
}

function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}
