import { type Redis } from 'ioredis';
import { nonEmpty } from '../arguments';
import { type MessageHandler, type PubSub, type Unsubscribe } from '../ports';
import { closeRedis } from './redis-connection';

type Subscription = { handler: MessageHandler };
type Channel = { subscriptions: Set<Subscription>; live: Promise<unknown> };

/**
 * Redis pub/sub. A connection in subscriber mode can run no other command, so subscriptions share
 * one dedicated connection (opened on first use) while publishes go over the main one. ioredis
 * re-subscribes by itself after a reconnect; what was published in between is lost.
 */
export class RedisPubSub implements PubSub {
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, Channel>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  async publish(channel: string, message: string): Promise<void> {
    nonEmpty('channel', channel);
    await this.redis.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    nonEmpty('channel', channel);
    const name = this.prefix + channel;
    const subscription: Subscription = { handler };
    let entry = this.channels.get(name);
    if (entry === undefined) {
      entry = { subscriptions: new Set(), live: this.connection().subscribe(name) };
      this.channels.set(name, entry);
    }
    entry.subscriptions.add(subscription);
    const current = entry;
    try {
      // Every caller awaits the one SUBSCRIBE, so none returns before Redis confirmed it.
      await current.live;
    } catch (error) {
      current.subscriptions.delete(subscription);
      if (this.channels.get(name) === current) this.channels.delete(name);
      throw error;
    }
    return () => this.unsubscribe(name, current, subscription);
  }

  async close(): Promise<void> {
    this.channels.clear();
    if (this.subscriber) await closeRedis(this.subscriber);
  }

  private async unsubscribe(name: string, entry: Channel, subscription: Subscription) {
    if (!entry.subscriptions.delete(subscription) || entry.subscriptions.size > 0) return;
    if (this.channels.get(name) !== entry) return;
    this.channels.delete(name);
    await this.subscriber?.unsubscribe(name);
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.duplicate();
    subscriber.on('error', this.onError);
    subscriber.on('message', (name: string, message: string) => this.deliver(name, message));
    this.subscriber = subscriber;
    return subscriber;
  }

  private deliver(name: string, message: string): void {
    for (const { handler } of [...(this.channels.get(name)?.subscriptions ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
