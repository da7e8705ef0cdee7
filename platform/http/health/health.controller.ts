import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ServiceUnavailableError } from '../problems/http-errors';
import { HEALTH_CHECK_TIMEOUT_MS, HEALTH_CHECKS } from '../tokens';
import { type HealthChecks, type Readiness, runHealthChecks } from './health-checks';

/**
 * Liveness says the process answers (restart it if not); readiness says its dependencies do
 * (route traffic elsewhere if not). Liveness never touches a dependency, so a database outage
 * does not make the orchestrator restart every healthy process.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Inject(HEALTH_CHECK_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up.' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Every dependency answers; 503 names the ones that do not.' })
  @ApiOkResponse({
    schema: { example: { status: 'ok', checks: { eventStore: { status: 'ok', durationMs: 3 } } } },
  })
  @ApiProblems(503)
  async ready(): Promise<{ status: 'ok'; checks: Readiness['checks'] }> {
    const { ready, checks } = await runHealthChecks(this.checks, this.timeoutMs);
    if (!ready) {
      const down = Object.keys(checks).filter((name) => checks[name].status === 'down');
      throw new ServiceUnavailableError(`Not ready: ${down.join(', ')} unavailable.`, { checks });
    }
    return { status: 'ok', checks };
  }
}
