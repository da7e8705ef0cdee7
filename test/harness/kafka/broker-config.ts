/** A single-node KRaft cluster (combined broker and controller) tuned for tests, not durability. */
export interface BrokerAddresses {
  /** Where the broker listens, e.g. PLAINTEXT://127.0.0.1:40123. */
  listener: string;
  /** What clients are told to connect to, e.g. PLAINTEXT://127.0.0.1:40123. */
  advertised: string;
  /** The controller listener, e.g. CONTROLLER://127.0.0.1:40124. */
  controllerListener: string;
  /** host:port of the controller, as voters see it. */
  controllerAddress: string;
  logDir: string;
}

export function brokerConfig(addresses: BrokerAddresses): Record<string, string> {
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${addresses.controllerAddress}`,
    listeners: `${addresses.listener},${addresses.controllerListener}`,
    'advertised.listeners': addresses.advertised,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': addresses.logDir,
    'num.partitions': '1',
    'default.replication.factor': '1',
    'auto.create.topics.enable': 'true',
    // One broker: internal topics cannot be replicated, and one partition each is created fastest.
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // Tests join groups one consumer at a time; do not wait for more members.
    'group.initial.rebalance.delay.ms': '0',
    'group.min.session.timeout.ms': '1000',
  };
}

export function toProperties(config: Record<string, string>): string {
  return Object.entries(config)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

/** The same settings as the environment variables of the apache/kafka image. */
export function toImageEnvironment(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      `KAFKA_${key.replace(/\./g, '_').toUpperCase()}`,
      value,
    ]),
  );
}
