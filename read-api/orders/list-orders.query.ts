import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { type OrderStatus, orderStatuses } from '../../domain/order';
import { PageQueryDto } from '../shared/page-query.dto';

/** GET /orders query: paging plus the two filters. Unknown parameters are refused (400). */
export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: orderStatuses, description: 'Only orders in this status.' })
  @IsOptional()
  @IsIn(orderStatuses, { message: `must be one of ${orderStatuses.join(', ')}` })
  status?: OrderStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Only this customer’s orders. Admins may name anyone; a customer only themself ' +
      '(anyone else is 403), and always sees only their own orders anyway.',
  })
  @IsOptional()
  @IsUUID('all')
  // User ids are lower-case UUIDs; accept any case the way the write side's id pipe does.
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  userId?: string;
}
