import { type NotificationTemplate, type TemplateVariables } from '../../domain/notification';

/** A template's two parts as written in its files: `{{name}}` placeholders, nothing else. */
export type TemplateSource = Readonly<{ text: string; html: string }>;
export type TemplateSources = Readonly<Record<NotificationTemplate, TemplateSource>>;

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Fills `{{name}}` placeholders. Deliberately no logic (no loops, conditions or defaults): what
 * varies is computed in code (./mail-content.ts) where it is typed and tested. A placeholder
 * that is malformed or has no variable throws, so a typo never reaches a customer as `{{nmae}}`
 * or as an empty gap. `where` names the file in the message.
 */
export function render(
  source: string,
  variables: TemplateVariables,
  escape: (value: string) => string,
  where: string,
): string {
  const unclosed = source.replace(PLACEHOLDER, '').indexOf('{{');
  if (unclosed >= 0) throw new TemplateError(`${where}: "{{" without "}}"`);
  return source.replace(PLACEHOLDER, (_, inner: string) => {
    if (!NAME.test(inner)) throw new TemplateError(`${where}: unknown placeholder {{${inner}}}`);
    if (!Object.hasOwn(variables, inner)) {
      throw new TemplateError(`${where}: no value for {{${inner}}}`);
    }
    return escape(variables[inner]);
  });
}

/** The placeholder names a source uses, for checks that templates and code agree. */
export function placeholdersOf(source: string): string[] {
  return [...new Set([...source.matchAll(PLACEHOLDER)].map((match) => match[1]))].sort();
}

/** Both parts of one mail: the text as is, the HTML with every value escaped. */
export function renderMail(
  sources: TemplateSources,
  template: NotificationTemplate,
  variables: TemplateVariables,
): { text: string; html: string } {
  const source = sources[template];
  return {
    text: render(source.text, variables, (value) => value, `${template}.txt`),
    html: render(source.html, variables, escapeHtml, `${template}.html`),
  };
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values; a line break stays a visible break. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]).replace(/\r?\n/g, '<br>\n');
}
