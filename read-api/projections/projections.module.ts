import { Module } from '@nestjs/common';
import { ProjectionsController } from './projections.controller';

@Module({ controllers: [ProjectionsController] })
export class ProjectionsReadModule {}
