import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { NAME_MAX_LENGTH } from '../../../domain/user';

export class RenameUserDto {
  @ApiProperty({ example: 'Alice Smith', maxLength: NAME_MAX_LENGTH })
  @IsString()
  name!: string;
}
