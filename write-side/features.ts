import { type DynamicModule } from '@nestjs/common';

/** Every feature module of the write API; each slice folder registers its module here. */
export const writeApiFeatures: NonNullable<DynamicModule['imports']> = [];
