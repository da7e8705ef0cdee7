import { Module } from '@nestjs/common';

/**
 * The worker processes (projections, relay, process managers) serve no API: only health,
 * metrics and (empty) docs, like every process.
 */
@Module({})
export class OperationsOnlyModule {}
