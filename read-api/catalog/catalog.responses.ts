import { ApiProperty } from '@nestjs/swagger';

export class ProductResponse {
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ description: 'Upper-cased.', example: 'MUG-BLUE-L' }) sku!: string;
  @ApiProperty({ example: 'Blue mug, large' }) name!: string;
  @ApiProperty({ description: 'Empty when none was given.' }) description!: string;
  @ApiProperty({ example: 'Kitchen' }) category!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units.', example: 1299 })
  priceCents!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Units that can be ordered now: on hand minus those reserved for orders.',
  })
  available!: number;
  @ApiProperty({
    enum: ['active', 'discontinued'],
    description: 'A discontinued product is no longer listed or sold; it is still found by id.',
  })
  status!: 'active' | 'discontinued';
  @ApiProperty({
    format: 'date-time',
    description: 'Last change to anything shown here, stock included.',
  })
  updatedAt!: string;
}

export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] }) items!: ProductResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor`, with the same query, for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class CategoryResponse {
  @ApiProperty({ example: 'Kitchen' }) category!: string;
  @ApiProperty({ type: 'integer', description: 'Active (listed) products in it.' })
  productCount!: number;
}
