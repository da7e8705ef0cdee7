import { type InboxSummary, type SinkInbox } from '../harness';
import { eventually } from './shop-client.testing';

/** The mails the sink holds for one recipient, by subject. */
export async function mailsTo(inbox: SinkInbox, address: string): Promise<InboxSummary[]> {
  const all = await inbox.list();
  return all.filter((mail) =>
    mail.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()),
  );
}

/** Waits until `address` has received a mail whose subject matches, and returns it. */
export async function mailArrives(
  inbox: SinkInbox,
  address: string,
  subject: RegExp,
  timeoutMs = 20_000,
): Promise<InboxSummary> {
  let found: InboxSummary | undefined;
  await eventually(
    `a mail to ${address} with subject ${subject}`,
    async () => {
      found = (await mailsTo(inbox, address)).find((mail) => subject.test(mail.Subject));
      return found !== undefined;
    },
    timeoutMs,
  );
  return found!;
}

/** Subjects received by `address`, sorted: compare whole mailboxes, duplicates included. */
export async function subjectsOf(inbox: SinkInbox, address: string): Promise<string[]> {
  return (await mailsTo(inbox, address)).map((mail) => mail.Subject).sort();
}
