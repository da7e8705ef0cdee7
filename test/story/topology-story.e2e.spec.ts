import { sinkInbox, uniqueSuffix } from '../harness';
import { runCli } from '../cli/run-cli.testing';
import { mailsTo } from '../saga/mail.testing';
import { startTopologyScript } from '../topology/run-topology.testing';
import { describeShopstreamStory, type StoryTarget } from './shopstream-story.testing';

// Short, so the story's unpaid order expires soon; long enough that a loaded machine still pays
// and cancels the other orders well inside it.
const RESERVATION_TTL_SECONDS = 10;

/**
 * The story against the distributed topology as scripts/run-topology.sh starts it: two write
 * APIs, a read API, projections, the relay and two process managers, each its own process on the
 * harness's Postgres, Kafka, Redis and SMTP sink, every request through the nginx gateway. The
 * rebuild is the CLI run by an operator with the topology's settings, while it runs.
 */
describeShopstreamStory(
  'the SPEC story: the distributed topology (scripts/run-topology.sh)',
  openTopology,
);

async function openTopology(): Promise<StoryTarget> {
  const id = uniqueSuffix();
  const admin = { email: `admin-${id}@example.test`, password: 'admin-passw0rd' };
  const alertEmail = `stock-alerts-${id}@example.test`;
  const topology = await startTopologyScript({
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    ALERT_EMAIL: alertEmail,
    RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
    // Every customer of the story is this one test at 127.0.0.1: the limits per client address
    // (the APIs' and the gateway's, which compose ships at 20 a second) would refuse the shop.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    TOPOLOGY_GATEWAY_RATE: '100000',
    TOPOLOGY_GATEWAY_BURST: '100000',
  });
  const inbox = sinkInbox();
  return {
    writeUrl: topology.gatewayUrl,
    readUrl: topology.gatewayUrl,
    admin,
    alertEmail,
    reservationTtlSeconds: RESERVATION_TTL_SECONDS,
    async mailsTo(address) {
      const delivered = await mailsTo(inbox, address);
      return Promise.all(
        delivered.map(async ({ ID }) => {
          const mail = await inbox.get(ID);
          return { subject: mail.Subject, text: mail.Text };
        }),
      );
    },
    async rebuildAll() {
      const { code, stdout, stderr } = await runCli(
        ['projections', 'rebuild', 'all'],
        topology.env,
      );
      return { code: code ?? -1, stdout, stderr };
    },
    close: topology.close,
  };
}
