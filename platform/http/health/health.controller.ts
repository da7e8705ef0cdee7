import { Controller, Get, Headers, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { type OperationsAccess } from '../access/operations-access';
import { ServiceUnavailableError } from '../problems/http-errors';
import { HEALTH_CHECK_TIMEOUT_MS, HEALTH_CHECKS, OPERATIONS_ACCESS } from '../tokens';
import { checksFor } from './health-details';
import { type HealthChecks, runHealthChecks } from './health-checks';

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
    @Inject(OPERATIONS_ACCESS) private readonly access: OperationsAccess,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up.' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  checkLiveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Every dependency answers; 503 names the ones that do not. "degraded" (still 200): one answers but works badly, e.g. a stalled event store.',
    description:
      "With an admin's bearer token, each failed or degraded check also carries its error text.",
  })
  @ApiOkResponse({
    schema: { example: { status: 'ok', checks: { eventStore: { status: 'ok', durationMs: 3 } } } },
  })
  @ApiProblems(503)
  async checkReadiness(@Headers('authorization') authorization?: string) {
    const { ready, degraded, checks } = await runHealthChecks(this.checks, this.timeoutMs);
    const shown = await checksFor(checks, this.access, authorization);
    if (!ready) {
      const down = Object.keys(checks).filter((name) => checks[name].status === 'down');
      throw new ServiceUnavailableError(`Not ready: ${down.join(', ')} unavailable.`, {
        checks: shown,
      });
    }
    return { status: degraded ? ('degraded' as const) : ('ok' as const), checks: shown };
  }
}
