import { type NotificationTemplate, notificationTemplates } from '../../domain/notification';
import {
  type MailContent,
  lowStockMail,
  orderCancelledMail,
  orderConfirmedMail,
  orderRejectedMail,
  orderShippedMail,
  welcomeMail,
} from './mail-content';
import { TemplateError, escapeHtml, placeholdersOf, render, renderMail } from './render';
import { loadTemplateSources } from './template-files';
import { confirmed, expired, lowStock, orderLines, rejected, shipped } from './fixtures.testing';

const sources = loadTemplateSources();
// Every value a customer or an admin typed can hold markup; the HTML part must show it, not run it.
const customer = { name: `Ann <b>"O'Brien"</b> & Co` };
const marked = orderLines('Cup <i>');

/** One mail of each template, as the dispatcher builds them. */
const samples: Record<NotificationTemplate, MailContent> = {
  welcome: welcomeMail({ ...customer, email: 'ann@example.com' }),
  'order-confirmed': orderConfirmedMail(customer, confirmed.data, marked),
  'order-rejected': orderRejectedMail(customer, { ...rejected.data, lines: marked }),
  'order-shipped': orderShippedMail(customer, { ...shipped.data, lines: marked }),
  'order-cancelled': orderCancelledMail(customer, {
    ...expired,
    data: { ...expired.data, lines: marked },
  }),
  'low-stock': lowStockMail(lowStock.data, 'Cup <i>'),
};

describe('notification templates', () => {
  it.each(notificationTemplates)(
    '%s: both files use exactly the variables the code supplies',
    (template) => {
      const supplied = Object.keys(samples[template].variables).sort();
      expect(samples[template].template).toBe(template);
      expect(placeholdersOf(sources[template].text)).toEqual(supplied);
      expect(placeholdersOf(sources[template].html)).toEqual(supplied);
    },
  );

  it.each(notificationTemplates)('%s: renders text as is and HTML escaped', (template) => {
    const { variables } = samples[template];
    const { text, html } = renderMail(sources, template, variables);
    for (const value of Object.values(variables)) {
      expect(text).toContain(value);
      expect(html).toContain(escapeHtml(value));
    }
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(html).not.toMatch(/\{\{|\}\}|<b>|<i>/); // no customer markup survives
    expect(html).toMatch(/^<!doctype html>/i);
  });

  it('shows order lines one per line in both parts', () => {
    const { text, html } = renderMail(sources, 'order-shipped', samples['order-shipped'].variables);
    expect(text).toContain('2 × Cup <i> (CUP-1): 25.00\n1 × Saucer (SAU-9): 3.99\nTotal: 28.99');
    expect(html).toContain('2 × Cup &lt;i&gt; (CUP-1): 25.00<br>\n1 × Saucer (SAU-9): 3.99');
  });
});

describe('render', () => {
  const text = (source: string, variables: Record<string, string>) =>
    render(source, variables, (v) => v, 'test.txt');

  it('fills every placeholder, repeated ones too', () => {
    expect(text('{{a}} and {{b}}, {{a}}', { a: '1', b: '2' })).toBe('1 and 2, 1');
  });

  it('escapes &, <, >, quotes and apostrophes in HTML', () => {
    expect(
      render('<p title="{{v}}">{{v}}</p>', { v: `<a href='x'>&"` }, escapeHtml, 't.html'),
    ).toBe(
      '<p title="&lt;a href=&#39;x&#39;&gt;&amp;&quot;">&lt;a href=&#39;x&#39;&gt;&amp;&quot;</p>',
    );
  });

  it('refuses a placeholder without a variable, naming the file', () => {
    expect(() => text('Hello {{nmae}}', { name: 'Ann' })).toThrow(
      new TemplateError('test.txt: no value for {{nmae}}'),
    );
    // An inherited property is not a variable.
    expect(() => text('{{constructor}}', {})).toThrow(TemplateError);
  });

  it('refuses malformed placeholders', () => {
    expect(() => text('{{ name }}', { name: 'Ann' })).toThrow('unknown placeholder {{ name }}');
    expect(() => text('{{first.name}}', {})).toThrow(/unknown placeholder/);
    expect(() => text('Hello {{name', { name: 'Ann' })).toThrow('test.txt: "{{" without "}}"');
  });

  it('does not expand placeholders inside values', () => {
    expect(text('{{a}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}');
  });

  it('refuses to render a template whose variables were not stored (a v1 request)', () => {
    expect(() => renderMail(sources, 'welcome', {})).toThrow(/welcome\.txt: no value for/);
  });
});
