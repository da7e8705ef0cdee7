import { createTransport } from 'nodemailer';
import { itWithInbox, services, uniqueSuffix } from '../harness';

function transport() {
  return createTransport(services().smtpUrl);
}

describe('SMTP from the integration harness', () => {
  it('accepts a message over SMTP_URL', async () => {
    const to = `accept-${uniqueSuffix()}@example.test`;
    const info = await transport().sendMail({
      from: 'Shopstream <no-reply@shopstream.test>',
      to,
      subject: 'Accepted?',
      text: 'Just checking the relay accepts mail.',
    });
    expect(info.accepted).toEqual([to]);
    expect(info.rejected).toEqual([]);
  });

  itWithInbox(
    'delivers the message to the sink, readable through SMTP_SINK_URL',
    async (inbox) => {
      const to = `order-${uniqueSuffix()}@example.test`;
      const subject = 'Order confirmed – #1042 ✓';
      await transport().sendMail({
        from: 'Shopstream <no-reply@shopstream.test>',
        to: `Ann Buyer <${to}>`,
        subject,
        text: 'Thanks for your order of 2 × Espresso cup. Total: 25.00 EUR',
        html: '<p>Thanks for your order of <b>2 × Espresso cup</b>.</p>',
      });

      const message = await inbox.waitFor((m) => m.To.some((a) => a.Address === to));

      expect(message.Subject).toBe(subject);
      expect(message.From).toEqual({ Name: 'Shopstream', Address: 'no-reply@shopstream.test' });
      expect(message.To).toEqual([{ Name: 'Ann Buyer', Address: to }]);
      expect(message.Text).toContain('2 × Espresso cup. Total: 25.00 EUR');
      expect(message.HTML).toContain('<b>2 × Espresso cup</b>');

      await inbox.delete([message.ID]);
      expect((await inbox.list()).some((m) => m.ID === message.ID)).toBe(false);
    },
    30_000,
  );
});
