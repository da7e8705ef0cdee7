import { nonEmpty } from '../arguments';
import { type MessageHandler, type PubSub, type Unsubscribe } from '../ports';

type Subscription = { handler: MessageHandler };

/**
 * In-process broadcast with Redis's delivery shape: asynchronous (never inside publish), in
 * publish order, to the subscribers present at publish time.
 */
export class MemoryPubSub implements PubSub {
  private readonly channels = new Map<string, Set<Subscription>>();
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  async publish(channel: string, message: string): Promise<void> {
    nonEmpty('channel', channel);
    if (this.closed) throw new Error('pub/sub is closed');
    const receivers = [...(this.channels.get(channel) ?? [])];
    if (receivers.length === 0) return;
    setImmediate(() => {
      for (const subscription of receivers) {
        try {
          subscription.handler(message);
        } catch (error) {
          this.onError(error);
        }
      }
    });
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    nonEmpty('channel', channel);
    if (this.closed) throw new Error('pub/sub is closed');
    // A wrapper per call, so subscribing one handler twice needs two unsubscribes.
    const subscription: Subscription = { handler };
    const set = this.channels.get(channel) ?? new Set();
    set.add(subscription);
    this.channels.set(channel, set);
    return async () => {
      set.delete(subscription);
      if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
    };
  }

  close(): void {
    this.closed = true;
    this.channels.clear();
  }
}
