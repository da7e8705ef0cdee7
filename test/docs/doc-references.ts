import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../compose/compose-file';

/**
 * What a Markdown document names in code (inline spans and fenced blocks): metric names and
 * `shopstream …` commands. Prose is not read: a name an operator would copy is always in code.
 */

export function readDocument(relativePath: string): string {
  return readFileSync(path.join(repositoryRoot, relativePath), 'utf8');
}

/** The text of every fenced block and inline code span; `\|` (a pipe inside a table) is a pipe. */
export function codeIn(markdown: string): string[] {
  const blocks: string[] = [];
  const prose = markdown.replace(/^(`{3,})[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm, (_all, _fence, body) => {
    blocks.push(body as string);
    return '';
  });
  // A span may wrap onto the next line, as Markdown allows; it reads as one line.
  const spans = [...prose.matchAll(/`([^`]+)`/g)].map((match) =>
    match[1].replace(/\s*\n\s*/g, ' '),
  );
  return [...blocks, ...spans].map((code) => code.replaceAll('\\|', '|'));
}

/** Prometheus' own suffixes for units and series: a name ending in one is meant as a metric. */
const METRIC_SUFFIXES = ['_total', '_seconds', '_bytes', '_bucket', '_sum', '_count', '_info'];

/**
 * Names in the code that are meant as metrics: those ending in a Prometheus suffix, and those that
 * go on past the first two words of a metric the code registers (`projection_lag_event` is a
 * misspelt `projection_lag_events`; `projection_checkpoints` is a table, `event_store` a schema). `name_*` stands
 * for every metric with that prefix.
 */
export function metricsNamedIn(code: readonly string[], registered: ReadonlySet<string>): string[] {
  const families = new Set([...registered].map(firstTwoWords));
  const named = code.flatMap((text) =>
    [...text.matchAll(/(?<![\w*])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:_\*)?(?![\w*])/g)].map(
      (match) => match[0],
    ),
  );
  return [...new Set(named)].filter(
    (name) =>
      METRIC_SUFFIXES.some((suffix) => name.endsWith(suffix)) ||
      (name.split('_').length > 2 && families.has(firstTwoWords(name))),
  );
}

/** Whether a metric name (or a `name_*` family) is one the code registers. */
export function isRegistered(name: string, registered: ReadonlySet<string>): boolean {
  if (!name.endsWith('_*')) return registered.has(name);
  const prefix = name.slice(0, -1);
  return [...registered].some((metric) => metric.startsWith(prefix));
}

function firstTwoWords(name: string): string {
  return name.split('_').slice(0, 2).join('_');
}

/**
 * Each `shopstream …` command written in code, as the words after `shopstream`, up to the end
 * of the shell command (a pipe, `&&`, `;`, a redirection, a comment or a closing backtick). `<placeholder>` stands for
 * an argument, `[--option <value>]` is written without its brackets, and `a|b` names alternatives:
 * each is returned as a command of its own. A bare `shopstream …` names the CLI itself.
 */
export function shopstreamCommandsIn(code: readonly string[]): string[][] {
  const commands: string[][] = [];
  for (const text of code) {
    for (const match of text.matchAll(/(?<![\w./"'-])shopstream((?:[ \t]+[^\s]+)*)/g)) {
      const words = shellCommand(match[1]).filter((word) => word !== '');
      const ellipsis = words.findIndex((word) => word === '…' || word === '...');
      const named = ellipsis < 0 ? words : words.slice(0, ellipsis);
      if (named.length > 0) commands.push(...alternatives(named));
    }
  }
  return commands;
}

function shellCommand(rest: string): string[] {
  const [command] = rest.split(/`|\s(?:\||&&|;|#|\d?>)/);
  return command
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^\[+|\]+$/g, ''));
}

/** `list|park` → two commands; a `<placeholder|other>` is one argument, not alternatives. */
function alternatives(words: readonly string[]): string[][] {
  const at = words.findIndex((word) => word.includes('|') && !word.startsWith('<'));
  if (at < 0) return [[...words]];
  return words[at]
    .split('|')
    .flatMap((choice) => alternatives([...words.slice(0, at), choice, ...words.slice(at + 1)]));
}
