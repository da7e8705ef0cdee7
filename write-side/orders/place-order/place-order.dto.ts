import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from '../../../domain/order';
import { nonBlankText } from '../../shared/text-constraints.dto';

// The domain enforces the same limits; checking them here answers 400 before any product or
// address is looked up, so a malformed order never earns a 422 first.
const LINE_COUNT_MESSAGE = `must contain between 1 and ${MAX_LINES} lines`;

export class OrderLineDto {
  @ApiProperty({
    description:
      'The productId (a UUID) of a product of the catalog, not discontinued; an unknown or ' +
      'discontinued one is 422.',
    ...nonBlankText(100),
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  productId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY_PER_LINE, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY_PER_LINE)
  quantity!: number;
}

export class PlaceOrderDto {
  @ApiProperty({
    type: [OrderLineDto],
    minItems: 1,
    maxItems: MAX_LINES,
    description: 'One line per product: a productId appears at most once (400 otherwise).',
  })
  @IsArray()
  @ArrayMinSize(1, { message: LINE_COUNT_MESSAGE })
  @ArrayMaxSize(MAX_LINES, { message: LINE_COUNT_MESSAGE })
  @ArrayUnique((line: Partial<OrderLineDto>) => line.productId, { message: duplicateLines })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];

  @ApiProperty({
    description: 'The addressId of one of your addresses; any other value is 422.',
    ...nonBlankText(100),
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  shippingAddressId!: string;
}

/** Names the repeated line the way the domain does: `lines[2].productId duplicates lines[0]...`. */
function duplicateLines({ value }: ValidationArguments): string {
  const lines: unknown[] = Array.isArray(value) ? value : [];
  const firstIndexOf = new Map<unknown, number>();
  for (const [i, line] of lines.entries()) {
    const productId = (line as Partial<OrderLineDto> | null)?.productId;
    const first = firstIndexOf.get(productId);
    if (first !== undefined) {
      return `must not repeat a product: lines[${i}].productId duplicates lines[${first}].productId`;
    }
    firstIndexOf.set(productId, i);
  }
  return 'must not repeat a product';
}
