import { type ContractScope, uniqueKey, uniquePrefix, waitFor } from './contract-helpers.testing';

export function describePubSubContract(scope: ContractScope): void {
  describe('pub/sub', () => {
    it('delivers a published message to every subscriber of the channel, in order', async () => {
      const { pubsub } = await scope.open();
      const channel = uniqueKey('positions');
      const first: string[] = [];
      const second: string[] = [];
      await pubsub.subscribe(channel, (m) => first.push(m));
      await pubsub.subscribe(channel, (m) => second.push(m));
      const sent = Array.from({ length: 20 }, (_, i) => `pos-${i}`);
      for (const message of sent) await pubsub.publish(channel, message);
      await waitFor(() => (first.length === 20 && second.length === 20 ? true : undefined));
      expect(first).toEqual(sent);
      expect(second).toEqual(sent);
    });

    it('stops delivering after unsubscribe, and keeps channels and prefixes apart', async () => {
      const { pubsub } = await scope.open();
      const other = await scope.open(uniquePrefix());
      const channel = uniqueKey('positions');
      const gone: string[] = [];
      const staying: string[] = [];
      const elsewhere: string[] = [];
      const unsubscribe = await pubsub.subscribe(channel, (m) => gone.push(m));
      await pubsub.subscribe(channel, (m) => staying.push(m));
      await pubsub.subscribe(`${channel}-other`, (m) => elsewhere.push(m));
      await other.pubsub.subscribe(channel, (m) => elsewhere.push(m));
      await unsubscribe();
      await pubsub.publish(channel, 'after');
      // Delivery to the remaining subscriber proves the message went out before we look.
      await waitFor(() => staying[0]);
      await pubsub.publish(`${channel}-other`, 'marker');
      await waitFor(() => elsewhere[0]);
      expect(gone).toEqual([]);
      expect(elsewhere).toEqual(['marker']);
    });

    it('reports a throwing handler and still delivers to the others', async () => {
      const { pubsub } = await scope.open();
      const channel = uniqueKey('positions');
      const received: string[] = [];
      await pubsub.subscribe(channel, () => {
        throw new Error('handler broke');
      });
      await pubsub.subscribe(channel, (m) => received.push(m));
      await pubsub.publish(channel, 'x');
      await waitFor(() => received[0]);
      expect(scope.reportedErrors).toEqual([new Error('handler broke')]);
    });

    it('publishes to nobody without error', async () => {
      const { pubsub } = await scope.open();
      await expect(pubsub.publish(uniqueKey('empty'), 'x')).resolves.toBeUndefined();
    });
  });
}
