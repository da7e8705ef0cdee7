import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '../../domain/event-schemas';
import {
  type InventoryCommand,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import {
  type NotificationCommand,
  type NotificationTemplate,
  notificationDecider,
  streamName as notificationStream,
} from '../../domain/notification';
import { type Command, type Decider } from '../../domain/shared/decider';
import { handleCommand } from '../../platform/commands/handle-command';
import { comparePositions } from '../../platform/event-store/position-codec';
import { type EventStore } from '../../platform/event-store/port';
import { type Dice } from './dice.testing';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A command without its `now`: the workload's simulated clock supplies it. */
export type Draft<C> =
  C extends Command<infer Type, infer Data> ? { type: Type; data: Omit<Data, 'now'> } : never;

export type Job = () => Promise<void>;

/**
 * Writes commands the way the write side and the workers do, through each aggregate's decider
 * and the shared command path, at a simulated time, and counts what they appended.
 */
export class WorkloadWriter {
  events = 0;
  commands = 0;
  readonly eventTypes: Record<string, number> = {};
  lastPosition = '';

  constructor(private readonly store: EventStore) {}

  /** One command at simulated time `at` (ms); `now` and metadata.occurredAt are that time. */
  async run<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    draft: Draft<C>,
    at: number,
    actor: string | null = null,
  ): Promise<readonly E[]> {
    const now = iso(at);
    const command = { type: draft.type, data: { ...draft.data, now } } as unknown as C;
    const context = { correlationId: randomUUID(), userId: actor, now };
    // Several writers share the inventory streams: a conflict is retried on fresh state.
    const outcome = await handleCommand(this.store, decider, stream, command, context, {
      maxRetries: 100,
    });
    this.commands++;
    this.events += outcome.events.length;
    for (const { type } of outcome.events) this.eventTypes[type] = (this.eventTypes[type] ?? 0) + 1;
    const position = outcome.events.length > 0 ? outcome.position : null;
    if (position && (!this.lastPosition || comparePositions(position, this.lastPosition) > 0)) {
      this.lastPosition = position;
    }
    return outcome.events;
  }

  /** An inventory command, then the low-stock mail the dispatcher sends when stock ran low. */
  async inventory(
    dice: Dice,
    productId: string,
    draft: Draft<InventoryCommand>,
    at: number,
  ): Promise<readonly DomainEvent[]> {
    const events = await this.run(inventoryDecider, inventoryStream(productId), draft, at);
    if (events.some((event) => event.type === 'LowStockDetected')) {
      await this.notify(dice, 'low-stock', 'alerts@shop.example.com', null, at + 1000);
    }
    return events;
  }

  /** The dispatcher: requests the mail, then records one to three attempts (80% go first time). */
  async notify(
    dice: Dice,
    template: NotificationTemplate,
    to: string,
    userId: string | null,
    at: number,
  ): Promise<void> {
    const notificationId = dice.uuid();
    const stream = notificationStream(notificationId);
    const mail = (draft: Draft<NotificationCommand>, later: number) =>
      this.run(notificationDecider, stream, draft, at + later);
    const subject = `[shopstream] ${template.replace('-', ' ')}`;
    const triggerEventId = dice.uuid();
    await mail(
      {
        type: 'RequestNotification',
        data: { notificationId, template, to, subject, userId, triggerEventId },
      },
      0,
    );
    const failures = dice.chance(0.8) ? 0 : dice.int(1, 3);
    for (let attempt = 1; attempt <= failures; attempt++) {
      const willRetry = attempt < 3;
      const data = { notificationId, attempt, error: '451 try again later', willRetry };
      await mail({ type: 'RecordAttemptFailed', data }, attempt * MINUTE);
    }
    if (failures < 3) {
      const data = { notificationId, attempt: failures + 1 };
      await mail({ type: 'RecordSent', data }, (failures + 1) * MINUTE);
    }
  }
}

/** `concurrency` writers, each taking the next job from the queue until it is empty. */
export async function runJobs(jobs: readonly Job[], concurrency: number): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, writer));
}

export function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}
