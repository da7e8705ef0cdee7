import { type IntegrationBus } from '../platform/bus/port';
import { STREAM_CATEGORIES, topicOf } from '../platform/bus/topics';

/**
 * The topics the relay has made sure exist. Every known stream category's topic is created
 * before the first publish; a stream of a category nobody listed gets its topic the first time
 * one of its events comes by. Kafka refuses to publish to a topic that does not exist (topic
 * auto-creation would pick the broker's default partition count), so this runs before publish.
 */
export class RelayTopics {
  private readonly ensured = new Set<string>();

  constructor(
    private readonly bus: IntegrationBus,
    private readonly topicPrefix: string,
  ) {}

  /** The topic of every category in STREAM_CATEGORIES. */
  known(): string[] {
    return STREAM_CATEGORIES.map((category) => topicOf(this.topicPrefix, category));
  }

  /** Creates whichever of `topics` (and, the first time, the known ones) is not ensured yet. */
  async ensure(topics: Iterable<string>): Promise<void> {
    const wanted = new Set(this.ensured.size === 0 ? [...this.known(), ...topics] : topics);
    const missing = [...wanted].filter((topic) => !this.ensured.has(topic));
    if (missing.length === 0) return;
    await this.bus.ensureTopics(missing);
    for (const topic of missing) this.ensured.add(topic);
  }
}
