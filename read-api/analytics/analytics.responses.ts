import { ApiProperty } from '@nestjs/swagger';

export class AnalyticsSummaryResponse {
  @ApiProperty() ordersPlaced!: number;
  @ApiProperty() ordersConfirmed!: number;
  @ApiProperty() ordersRejected!: number;
  @ApiProperty({ description: 'Payments made in the window.' }) ordersPaid!: number;
  @ApiProperty() ordersShipped!: number;
  @ApiProperty() ordersDelivered!: number;
  @ApiProperty({ description: 'Cancellations, before or after payment.' })
  ordersCancelled!: number;
  @ApiProperty() ordersExpired!: number;

  @ApiProperty({
    description:
      'Integer minor units: payments at the time of payment, less paid orders cancelled at ' +
      'the time of cancellation (negative in a window of refunds only).',
  })
  revenueCents!: number;

  @ApiProperty({ description: 'Units of paid orders, counted like revenueCents.' })
  unitsSold!: number;

  @ApiProperty({
    description:
      'revenueCents divided by the paid orders net of those cancelled after payment, rounded ' +
      'half away from zero; 0 when that number is not positive.',
  })
  averageOrderValueCents!: number;

  @ApiProperty({ description: 'Registrations.' }) newUsers!: number;
}

export class SalesBucketResponse {
  @ApiProperty({ format: 'date-time', description: 'Start of the UTC hour or day.' })
  bucket!: string;

  @ApiProperty({ description: 'Paid orders net of cancellations after payment.' })
  orders!: number;

  @ApiProperty({ description: 'Integer minor units, net of refunds.' }) revenueCents!: number;
  @ApiProperty({ description: 'Net of refunds.' }) unitsSold!: number;
}

export class TopProductResponse {
  @ApiProperty() productId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The product’s current name.' })
  name!: string | null;

  @ApiProperty({ description: 'Net of refunds; only products with units sold are listed.' })
  unitsSold!: number;

  @ApiProperty({ description: 'Integer minor units, net of refunds.' }) revenueCents!: number;
}
