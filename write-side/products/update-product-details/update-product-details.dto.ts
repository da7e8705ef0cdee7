import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import {
  CATEGORY_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
} from '../../../domain/product';
import { nonBlankText } from '../../shared/text-constraints.dto';
import { Omittable } from '../omittable.decorator';

/**
 * PATCH: the fields given replace the current ones; at least one must be given (the controller
 * documents that as `minProperties: 1`). A field may be left out, never sent as null.
 */
export class UpdateProductDetailsDto {
  @ApiPropertyOptional({ ...nonBlankText(NAME_MAX_LENGTH), example: 'Blue mug, extra large' })
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

  @ApiPropertyOptional({ ...nonBlankText(CATEGORY_MAX_LENGTH), example: 'Home' })
  @Omittable()
  @IsString()
  @MaxLength(CATEGORY_MAX_LENGTH)
  category?: string;
}
