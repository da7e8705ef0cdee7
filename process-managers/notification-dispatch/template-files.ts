import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type NotificationTemplate, notificationTemplates } from '../../domain/notification';
import { type TemplateSources } from './render';

const FROM_PACKAGE_ROOT = path.join('process-managers', 'notification-dispatch', 'templates');

/**
 * Where the template files are. From the sources (jest, ts-node) they sit next to this module.
 * The build (`tsc -p tsconfig.build.json`) copies no non-TS files, so from `dist/…` this walks
 * up to the package root, which holds the sources' `templates/` folder (the package ships it).
 * A build that copies the folder next to the compiled module is found by the first step too.
 */
export function findTemplatesDir(from: string = __dirname): string {
  const beside = path.join(from, 'templates');
  if (isTemplatesDir(beside)) return beside;
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, FROM_PACKAGE_ROOT);
    if (isTemplatesDir(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `notification templates not found beside ${from} or above it (${FROM_PACKAGE_ROOT})`,
  );
}

/**
 * Reads every template's `.txt` and `.html` once. Called when the dispatcher starts, so a
 * missing file stops the process at start instead of failing mails one by one.
 */
export function loadTemplateSources(dir: string = findTemplatesDir()): TemplateSources {
  const read = (template: NotificationTemplate, extension: 'txt' | 'html') =>
    readFileSync(path.join(dir, `${template}.${extension}`), 'utf8');
  return Object.fromEntries(
    notificationTemplates.map((template) => [
      template,
      { text: read(template, 'txt'), html: read(template, 'html') },
    ]),
  ) as Record<NotificationTemplate, { text: string; html: string }>;
}

function isTemplatesDir(dir: string): boolean {
  return existsSync(path.join(dir, `${notificationTemplates[0]}.txt`));
}
