import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { NAME_MAX_LENGTH } from '../../../domain/user';
import { nonBlankText } from '../../shared/text-constraints.dto';

export class RenameUserDto {
  @ApiProperty({
    example: 'Alice Smith',
    ...nonBlankText(NAME_MAX_LENGTH),
    description: 'Not blank; surrounding whitespace is trimmed.',
  })
  @IsString()
  name!: string;
}
