import { createHash } from 'node:crypto';

/** A Content-Security-Policy header as directive name -> sources. Test-only. */
export function cspDirectives(header: unknown): Map<string, string[]> {
  if (typeof header !== 'string') throw new Error(`no Content-Security-Policy: ${String(header)}`);
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The policy of every answer that is not the docs page. */
export const API_POLICY = new Map([
  ['default-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
]);

/** What a page loads and runs: the sources of its scripts, stylesheets and inline styles. */
export function pageNeeds(html: string): {
  inlineScripts: string[];
  references: string[];
  inlineStyleHashes: string[];
} {
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  const attributes = [...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]);
  const digest = (text: string) => createHash('sha256').update(text).digest('base64');
  return {
    inlineScripts: scripts.map((m) => m[2].trim()).filter((body) => body !== ''),
    references: [
      ...scripts.map((m) => /src="([^"]+)"/.exec(m[1])?.[1] ?? ''),
      ...[...html.matchAll(/<link[^>]*href="([^"]+)"/g)].map((m) => m[1]),
    ],
    inlineStyleHashes: [
      ...new Set([...blocks, ...attributes].map((text) => `'sha256-${digest(text)}'`)),
    ].sort(),
  };
}
