import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { Authenticated } from '../../platform/auth/nest/bearer-auth.guard';
import { type EventStore } from '../../platform/event-store/port';
import { ApiProblems } from '../../platform/http';
import { processManagerStates } from '../../process-managers/runtime/status';
import { relayStatus } from '../../relay';
import { EVENT_STORE, READ_MODELS } from '../shared/tokens';
import { PipelineResponse } from './pipeline.responses';

/** The asynchronous half at a glance: the relay's lag, and each process manager's state. */
@ApiTags('operations')
@Controller('process-managers')
export class PipelineController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Authenticated('admin')
  @ApiOperation({
    summary: 'The relay (position, lag in events and seconds) and each process manager',
    description:
      'Each manager: its consumer lag as its worker last reported it, the event it is stuck on, ' +
      'parked events and its scheduled actions. Also `shopstream process-managers list`.',
  })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiProblems(401, 403)
  async listProcessManagers(): Promise<PipelineResponse> {
    const [relay, processManagers] = await Promise.all([
      relayStatus(this.db, this.store),
      processManagerStates(this.db),
    ]);
    return { relay, processManagers };
  }
}
