import { CATALOGUE } from '../../cli/seed/catalogue';
import { planDemo } from '../../cli/seed/demo-plan';
import { SKU_FORMAT } from '../../domain/product';
import { checkCountry, checkEmail, checkPasswordPolicy } from '../../domain/user/policies';

const size = { users: 30, products: 100, orders: 60 };

describe('seed demo plan', () => {
  it('is the same shop for the same --seed-value, under the run tag only', () => {
    const first = planDemo(size, 7, 'aaaaaa');
    const again = planDemo(size, 7, 'bbbbbb');
    const untagged = (plan: typeof first) => JSON.stringify(plan).replace(/aaaaaa|bbbbbb/gi, 'TAG');
    expect(untagged(again)).toBe(untagged(first));
    expect(untagged(planDemo(size, 8, 'aaaaaa'))).not.toBe(untagged(first));
  });

  it('makes SKUs and emails unique within a run and new in the next one', () => {
    const first = planDemo(size, 1, 'aaaaaa');
    const second = planDemo(size, 1, 'bbbbbb');
    const skus = first.products.map((p) => p.sku.toUpperCase());
    const emails = first.users.map((u) => u.email.toLowerCase());
    expect(new Set(skus).size).toBe(size.products);
    expect(new Set(emails).size).toBe(size.users);
    const secondSkus = new Set(second.products.map((p) => p.sku.toUpperCase()));
    expect(skus.filter((sku) => secondSkus.has(sku))).toEqual([]);
    expect(second.users.some((u) => emails.includes(u.email.toLowerCase()))).toBe(false);
  });

  it('writes only what the write API accepts: SKUs, emails, password, countries', () => {
    const plan = planDemo(size, 3, 'c0ffee');
    expect(checkPasswordPolicy(plan.password)).toBeUndefined();
    for (const product of plan.products) expect(product.sku).toMatch(SKU_FORMAT);
    for (const user of plan.users) {
      expect(checkEmail(user.email)).toBeUndefined();
      for (const address of user.addresses) expect(checkCountry(address.country)).toBeUndefined();
    }
  });

  it('cycles the catalogue past its end under variant names, across several categories', () => {
    const plan = planDemo({ users: 1, products: CATALOGUE.length * 2, orders: 0 }, 1, 'abcdef');
    const names = plan.products.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(plan.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(5);
    expect(plan.products.some((p) => p.lowStockThreshold !== undefined)).toBe(true);
  });

  it('plans every end state within the first six orders, with over-stock orders the saga must reject', () => {
    const plan = planDemo({ users: 3, products: 5, orders: 6 }, 1, 'abcdef');
    expect(new Set(plan.orders.map((o) => o.fate)).size).toBe(6);
    const large = planDemo(size, 9, 'abcdef');
    const overStock = large.orders.filter((order) => order.fate === 'over-stock');
    expect(overStock.length).toBeGreaterThan(0);
    for (const { lines } of overStock) {
      const [{ product, quantity }] = lines;
      expect(quantity).toBeGreaterThan(large.products[product].initialStock);
      expect(quantity).toBeLessThanOrEqual(100); // SPEC: a line asks for 1..100
    }
  });
});
