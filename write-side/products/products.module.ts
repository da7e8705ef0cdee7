import { Module } from '@nestjs/common';
import { ChangeProductPriceController } from './change-product-price/change-product-price.controller';
import { CreateProductController } from './create-product/create-product.controller';
import { CreateProductHandler } from './create-product/create-product.handler';
import { DiscontinueProductController } from './discontinue-product/discontinue-product.controller';
import { UpdateProductDetailsController } from './update-product-details/update-product-details.controller';

/** The catalog's write side: one folder per command on a product. */
@Module({
  controllers: [
    CreateProductController,
    UpdateProductDetailsController,
    ChangeProductPriceController,
    DiscontinueProductController,
  ],
  providers: [CreateProductHandler],
})
export class ProductsModule {}
