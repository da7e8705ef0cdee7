import { Module } from '@nestjs/common';
import { CategoriesController } from './categories.controller';
import { ProductsController } from './products.controller';

/** GET /products, GET /products/{id} and GET /categories, over the `catalog` read model. */
@Module({ controllers: [ProductsController, CategoriesController] })
export class CatalogReadModule {}
