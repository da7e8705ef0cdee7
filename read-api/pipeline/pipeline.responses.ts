import { ApiProperty } from '@nestjs/swagger';

export class RelayStatusResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Last event the bus acknowledged' })
  position!: string | null;
  @ApiProperty() headPosition!: string;
  @ApiProperty({ description: 'Events stored after the relay’s position: not yet published' })
  lagEvents!: number;
  @ApiProperty({ description: 'Age of the oldest unpublished event; 0 when caught up' })
  lagSeconds!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt!: string | null;
}

export class FailingEventResponse {
  @ApiProperty({ format: 'uuid', description: 'What `process-managers park` takes' })
  eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() position!: string;
  @ApiProperty() error!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class ParkedEventResponse {
  @ApiProperty({ format: 'uuid', description: 'What `process-managers retry` takes' })
  eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() position!: string;
  @ApiProperty() error!: string;
  @ApiProperty({ format: 'date-time' }) parkedAt!: string;
}

export class ScheduledActionsResponse {
  @ApiProperty({ description: 'Commands and effects due now, not yet done' }) due!: number;
  @ApiProperty({ description: 'Due later: deadlines and retries' }) waiting!: number;
  @ApiProperty({ description: 'Of those, retried at least once' }) retrying!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

export class ProcessManagerStateResponse {
  @ApiProperty() name!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Messages its consumer group had not committed, as its worker last reported',
  })
  lag!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The worker that reported it' })
  owner!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  reportedAt!: string | null;
  @ApiProperty({ type: [FailingEventResponse] }) failing!: FailingEventResponse[];
  @ApiProperty({ type: [ParkedEventResponse] }) parked!: ParkedEventResponse[];
  @ApiProperty({ type: ScheduledActionsResponse }) scheduled!: ScheduledActionsResponse;
}

export class PipelineResponse {
  @ApiProperty({ type: RelayStatusResponse }) relay!: RelayStatusResponse;
  @ApiProperty({ type: [ProcessManagerStateResponse] })
  processManagers!: ProcessManagerStateResponse[];
}
