import { Module } from '@nestjs/common';

/** The projection worker serves no API: only health, metrics and (empty) docs, like every process. */
@Module({})
export class ProjectionsOperationsModule {}
