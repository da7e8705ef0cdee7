import { Controller, Get, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { type Knex } from 'knex';
import { Authenticated } from '../../platform/auth/nest/bearer-auth.guard';
import { type EventStore } from '../../platform/event-store/port';
import { ApiProblems } from '../../platform/http';
import { projectionStates } from '../../projections/runtime/status';
import { EVENT_STORE, READ_MODELS } from '../shared/tokens';

class ProjectionRebuildResponse {
  @ApiPropertyOptional({ type: String, nullable: true }) position!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' })
  startedAt!: string | null;
}

class ProjectionRefusalResponse {
  @ApiProperty() ownerId!: string;
  @ApiProperty({ description: 'The projection version of that worker’s code' })
  codeVersion!: number;
  @ApiProperty({ format: 'date-time' }) seenAt!: string;
}

class ProjectionStateResponse {
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['new', 'running', 'failing', 'stopped', 'rebuilding'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Last processed position' })
  position!: string | null;
  @ApiProperty() headPosition!: string;
  @ApiProperty({ description: 'Events stored after the projection’s position' }) lag!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What `projections park` takes' })
  failingEventId!: string | null;
  @ApiProperty() parkedEvents!: number;
  @ApiProperty({ type: ProjectionRebuildResponse, nullable: true })
  rebuild!: ProjectionRebuildResponse | null;
  @ApiProperty({
    type: [ProjectionRefusalResponse],
    description: 'Workers whose code is older than the stored tables, refusing to run them',
  })
  refusedBy!: ProjectionRefusalResponse[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Each projection: version, status, position, lag and last error' })
  @ApiOkResponse({ type: [ProjectionStateResponse] })
  @ApiProblems(401, 403)
  listProjections(): Promise<ProjectionStateResponse[]> {
    return projectionStates(this.db, this.store);
  }
}
