import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import {
  CATEGORY_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
} from '../../../domain/product';
import { Omittable } from '../omittable.decorator';

/** PATCH: the fields given replace the current ones; at least one must be given. */
export class UpdateProductDetailsDto {
  @ApiPropertyOptional({ maxLength: NAME_MAX_LENGTH, example: 'Blue mug, extra large' })
  @Omittable()
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({
    maxLength: DESCRIPTION_MAX_LENGTH,
    description: 'An empty string clears the description.',
  })
  @Omittable()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiPropertyOptional({ maxLength: CATEGORY_MAX_LENGTH, example: 'Home' })
  @Omittable()
  @IsString()
  @MaxLength(CATEGORY_MAX_LENGTH)
  category?: string;
}
