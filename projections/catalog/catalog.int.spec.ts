import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { CatalogCommands } from './catalog-commands.testing';
import { catalogProjection } from './index';
import {
  type ProductListQuery,
  type ProductSort,
  PRODUCT_SORTS,
  findProduct,
  listCategories,
  listProducts,
} from './queries';

describe('catalog projection', () => {
  let fixture: ProjectionFixture;
  let commands: CatalogCommands;

  beforeEach(async () => {
    fixture = await createProjectionFixture([catalogProjection]);
    commands = new CatalogCommands(fixture.store);
  });
  afterEach(() => fixture.close());

  const mug = { sku: 'mug-1', name: 'Blue mug', category: 'Kitchen', priceCents: 1299 };

  describe('a product', () => {
    it('is listed with its details, its stock and the time of its creation', async () => {
      const id = await commands.createProduct({
        ...mug,
        description: 'Holds 450 ml of tea.',
        initialStock: 12,
      });
      await fixture.catchUp();

      expect(await findProduct(fixture.db, id)).toEqual({
        productId: id,
        sku: 'MUG-1',
        name: 'Blue mug',
        description: 'Holds 450 ml of tea.',
        category: 'Kitchen',
        priceCents: 1299,
        available: 12,
        status: 'active',
        // The stock record opened a second after the product: that changed `available`.
        updatedAt: '2025-03-01T09:00:02.000Z',
      });
    });

    it('follows details, price and discontinuation, keeping fields an update leaves out', async () => {
      const id = await commands.createProduct({ ...mug, description: 'Tea.' });
      await commands.updateDetails(id, { name: 'Red mug', category: 'Tableware' });
      await commands.changePrice(id, 1500);
      await commands.discontinue(id);
      await fixture.catchUp();

      expect(await findProduct(fixture.db, id)).toMatchObject({
        name: 'Red mug',
        description: 'Tea.',
        category: 'Tableware',
        priceCents: 1500,
        status: 'discontinued',
        updatedAt: '2025-03-01T09:00:05.000Z',
      });
    });

    it('shows on hand minus reserved as available, through every stock movement', async () => {
      const id = await commands.createProduct({ ...mug, initialStock: 10 });
      await commands.receive(id, 5); // 15
      await commands.adjust(id, -2); // 13
      const shipped = await commands.reserve(id, 4); // 9
      const released = await commands.reserve(id, 3); // 6
      await commands.release(id, released); // 9
      await commands.ship(id, shipped); // on hand 9, reserved 0: still 9
      await fixture.catchUp();

      expect(await findProduct(fixture.db, id)).toMatchObject({ available: 9 });
    });

    it('is unknown until created, whatever id is asked for', async () => {
      await fixture.catchUp();
      expect(await findProduct(fixture.db, '6f1c7a8e-0d1b-4a55-9a4e-0d5bb0f3b0a1')).toBeUndefined();
    });
  });

  describe('categories', () => {
    it('count the active products of each category, and drop a category left empty', async () => {
      const a = await commands.createProduct({ ...mug, sku: 'A' });
      await commands.createProduct({ ...mug, sku: 'B' });
      const c = await commands.createProduct({ ...mug, sku: 'C', category: 'Garden' });
      await fixture.catchUp();
      expect(await listCategories(fixture.db)).toEqual([
        { category: 'Garden', productCount: 1 },
        { category: 'Kitchen', productCount: 2 },
      ]);

      await commands.updateDetails(a, { category: 'Garden' });
      await commands.discontinue(c);
      await fixture.catchUp();
      expect(await listCategories(fixture.db)).toEqual([
        { category: 'Garden', productCount: 1 },
        { category: 'Kitchen', productCount: 1 },
      ]);

      await commands.updateDetails(a, { category: 'Kitchen' });
      await fixture.catchUp();
      expect(await listCategories(fixture.db)).toEqual([{ category: 'Kitchen', productCount: 2 }]);
    });
  });

  describe('the listing', () => {
    const list = (query: Partial<ProductListQuery> = {}) =>
      listProducts(fixture.db, { sort: 'name', limit: 20, ...query });
    let gone: string;
    const names = async (query: Partial<ProductListQuery> = {}) =>
      (await list(query)).items.map((product) => product.name);

    beforeEach(async () => {
      await commands.createProduct({
        sku: 'KETTLE',
        name: 'Electric kettle',
        description: 'Boils water for tea in two minutes.',
        category: 'Kitchen',
        priceCents: 3999,
        initialStock: 3,
      });
      await commands.createProduct({
        sku: 'MUGS',
        name: 'Stoneware mugs',
        description: 'A set of four, red glaze.',
        category: 'Kitchen',
        priceCents: 2499,
        initialStock: 0,
      });
      await commands.createProduct({
        sku: 'TEAPOT',
        name: 'brass teapot',
        description: 'Brews loose-leaf tea for four.',
        category: 'Kitchen',
        priceCents: 2999,
        initialStock: 7,
      });
      await commands.createProduct({
        sku: 'HOSE',
        name: 'Garden hose',
        description: 'Twenty metres, heating-proof.',
        category: 'Garden',
        priceCents: 1999,
        initialStock: 1,
      });
      gone = await commands.createProduct({
        sku: 'OLD',
        name: 'Old tea mug',
        category: 'Kitchen',
        priceCents: 100,
        initialStock: 5,
      });
      await commands.discontinue(gone);
      await fixture.catchUp();
    });

    it('matches words of the name and of the description, stemmed', async () => {
      expect(await names({ q: 'kettle' })).toEqual(['Electric kettle']);
      expect(await names({ q: 'tea' })).toEqual(['brass teapot', 'Electric kettle']);
      // "mug" finds "mugs", "heated" finds "heating": English stemming.
      expect(await names({ q: 'mug' })).toEqual(['Stoneware mugs']);
      expect(await names({ q: 'heated' })).toEqual(['Garden hose']);
      expect(await names({ q: 'tea -kettle' })).toEqual(['brass teapot']);
      expect(await names({ q: 'saucepan' })).toEqual([]);
    });

    it('shows active products only; a discontinued one stays reachable by id', async () => {
      expect(await names()).not.toContain('Old tea mug');
      expect(await names({ q: 'old' })).toEqual([]);
      expect(await findProduct(fixture.db, gone)).toMatchObject({
        name: 'Old tea mug',
        status: 'discontinued',
      });
    });

    it('filters by category, price range and stock, together with a search', async () => {
      expect(await names({ category: 'Garden' })).toEqual(['Garden hose']);
      expect(await names({ minPriceCents: 2499, maxPriceCents: 2999 })).toEqual([
        'brass teapot',
        'Stoneware mugs',
      ]);
      expect(await names({ inStock: true, category: 'Kitchen' })).toEqual([
        'brass teapot',
        'Electric kettle',
      ]);
      expect(await names({ inStock: false })).toEqual(['Stoneware mugs']);
      expect(await names({ q: 'four', inStock: true })).toEqual(['brass teapot']);
    });

    it('sorts by name case-insensitively, by price either way, and newest first', async () => {
      const sorted = async (sort: ProductSort) => names({ sort });
      // In byte order ("C" collation) "brass teapot" would come last.
      expect(await sorted('name')).toEqual([
        'brass teapot',
        'Electric kettle',
        'Garden hose',
        'Stoneware mugs',
      ]);
      expect(await sorted('price')).toEqual([
        'Garden hose',
        'Stoneware mugs',
        'brass teapot',
        'Electric kettle',
      ]);
      expect(await sorted('-price')).toEqual([
        'Electric kettle',
        'brass teapot',
        'Stoneware mugs',
        'Garden hose',
      ]);
      expect(await sorted('newest')).toEqual([
        'Garden hose',
        'brass teapot',
        'Stoneware mugs',
        'Electric kettle',
      ]);
    });

    it.each(PRODUCT_SORTS)('pages through sort %s with keys, every product once', async (sort) => {
      // Equal prices make the product id decide: the tie-breaker must hold across pages.
      for (const sku of ['T1', 'T2', 'T3', 'T4']) {
        await commands.createProduct({ sku, name: 'Tie', category: 'Ties', priceCents: 2499 });
      }
      await fixture.catchUp();
      const everything = (await list({ sort, limit: 100 })).items;
      expect(everything).toHaveLength(8);

      const walked: string[] = [];
      let page = await list({ sort, limit: 3 });
      for (;;) {
        walked.push(...page.items.map((product) => product.productId));
        if (!page.nextKey) break;
        page = await list({ sort, limit: 3, after: page.nextKey });
      }
      expect(walked).toEqual(everything.map((product) => product.productId));
    });
  });

  it('ends with the same tables whether events come one per batch or all in one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        await commands.createProduct({
          sku: `P${i}`,
          name: `Product ${i}`,
          description: `Item number ${i}`,
          category: `Category ${i % 3}`,
          priceCents: 100 * (i + 1),
          initialStock: i,
        }),
      );
    }
    for (const [i, id] of ids.entries()) {
      if (i % 2 === 0) await commands.changePrice(id, 50 + i);
      if (i % 3 === 0) await commands.updateDetails(id, { category: `Category ${(i + 1) % 3}` });
      if (i > 4) await commands.ship(id, await commands.reserve(id, 2));
      if (i % 4 === 1) await commands.receive(id, 10);
      if (i % 5 === 2) await commands.discontinue(id);
    }

    await fixture.catchUp({ batchSize: 1 });
    const oneByOne = await fixture.checksums(catalogProjection);
    await fixture.rebuild();
    const allAtOnce = await fixture.checksums(catalogProjection);

    expect(allAtOnce).toEqual(oneByOne);
    expect(oneByOne.catalog_products).toMatch(/^12:/);
    // Category 0 moved to 1 entirely; 2 and 7 were discontinued.
    expect(await listCategories(fixture.db)).toEqual([
      { category: 'Category 1', productCount: 7 },
      { category: 'Category 2', productCount: 3 },
    ]);
  });
});
