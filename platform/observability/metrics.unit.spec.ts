import { Counter } from 'prom-client';
import { createHttpMetrics, createMetricsRegistry } from './metrics';

describe('metrics', () => {
  it('gives each app its own registry, so two apps in one process do not collide', async () => {
    const write = createMetricsRegistry('write-api');
    const read = createMetricsRegistry('read-api');
    createHttpMetrics(write).observe({ method: 'POST', route: '/orders', status: 202 }, 0.01);
    createHttpMetrics(read).observe({ method: 'GET', route: '/orders/:id', status: 200 }, 0.02);

    const writeText = await write.metrics();
    expect(writeText).toContain(
      'http_requests_total{method="POST",route="/orders",status="202",service="write-api"} 1',
    );
    expect(writeText).not.toContain('/orders/:id');
    expect(await read.metrics()).toContain('service="read-api"');
    expect(writeText).toContain('process_cpu_seconds_total');
    expect(writeText).toContain('http_request_duration_seconds_bucket');
  });

  it('takes callers’ own metrics', async () => {
    const registry = createMetricsRegistry('write-api');
    new Counter({
      name: 'events_appended_total',
      help: 'Appended events.',
      registers: [registry],
    }).inc(3);
    expect(await registry.metrics()).toContain('events_appended_total{service="write-api"} 3');
  });
});
