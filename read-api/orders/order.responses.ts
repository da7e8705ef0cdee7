import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type OrderStatus, orderStatuses } from '../../domain/order';

export class OrderSummaryResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ format: 'uuid', description: 'The customer who placed it.' }) userId!: string;
  @ApiProperty({ enum: orderStatuses }) status!: OrderStatus;
  @ApiProperty({ description: 'Integer minor units.' }) totalCents!: number;
  @ApiProperty({ description: 'Units across all lines (the sum of their quantities).' })
  itemCount!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was placed.' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Its last status change.' })
  updatedAt!: string;
}

export class OrderPageResponse {
  @ApiProperty({ type: [OrderSummaryResponse], description: 'Newest first.' })
  items!: OrderSummaryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class OrderLineResponse {
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ description: 'As it was when the order was placed.' }) sku!: string;
  @ApiProperty({ description: 'As it was when the order was placed.' }) name!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'The price when the order was placed.' }) unitPriceCents!: number;
  @ApiProperty() lineTotalCents!: number;
}

export class ShippingAddressResponse {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The address book entry it was copied from.',
  })
  addressId?: string;
  @ApiPropertyOptional() label?: string;
  @ApiProperty() line1!: string;
  @ApiPropertyOptional() line2?: string;
  @ApiProperty() city!: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2.' }) country!: string;
}

export class OrderHistoryEntryResponse {
  @ApiProperty({ enum: orderStatuses }) status!: OrderStatus;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ description: 'Why it was rejected or cancelled, when known.' })
  reason?: string;
}

export class OrderDetailResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: orderStatuses }) status!: OrderStatus;
  @ApiProperty({ type: [OrderLineResponse] }) lines!: OrderLineResponse[];
  @ApiProperty() totalCents!: number;
  @ApiProperty({ type: ShippingAddressResponse, description: 'A copy made at order time.' })
  shippingAddress!: ShippingAddressResponse;
  @ApiProperty({
    type: [OrderHistoryEntryResponse],
    description: 'Every status it went through, oldest first, starting with `pending`.',
  })
  history!: OrderHistoryEntryResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
