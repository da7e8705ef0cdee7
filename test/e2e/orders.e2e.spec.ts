import { randomUUID } from 'node:crypto';
import { streamName as orderStream } from '../../domain/order';
import { PROBLEM_BASE_URI } from '../../platform/http';
import {
  type TestProduct,
  type TestUser,
  changePrice,
  confirmOrder,
  createProduct,
  discontinue,
  orderEventTypes,
  placeOrder,
  registerUser,
} from './orders.testing';
import { accessTokenFor } from './tokens.testing';
import { type TestResponse, type WriteApiUnderTest, startWriteApi } from './write-api.testing';

type ExpectedFieldError = { field: string; message?: string | RegExp };

/** A problem of this status and type; `errors`, when given, are exactly the fields named. */
function expectProblem(
  response: TestResponse,
  status: number,
  type: string,
  errors?: ExpectedFieldError[],
): void {
  expect({ status: response.status, type: response.body?.type }).toEqual({
    status,
    type: PROBLEM_BASE_URI + type,
  });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  if (!errors) return;
  const fields = (response.body.errors as Array<{ field: string }>).map((e) => e.field);
  expect(new Set(fields)).toEqual(new Set(errors.map((e) => e.field)));
  expect(response.body.errors).toEqual(
    expect.arrayContaining(
      errors.map(({ field, message }) =>
        expect.objectContaining({
          field,
          ...(message !== undefined && {
            message: typeof message === 'string' ? message : expect.stringMatching(message),
          }),
        }),
      ),
    ),
  );
}

describe('orders write API', () => {
  let api: WriteApiUnderTest;
  let customer: TestUser;
  let otherCustomer: TestUser;
  let adminToken: string;
  let mug: TestProduct;
  let tea: TestProduct;

  beforeAll(async () => {
    api = await startWriteApi();
    [customer, otherCustomer] = [await registerUser(api), await registerUser(api)];
    adminToken = await accessTokenFor(api, { userId: randomUUID(), roles: ['admin'] });
    mug = await createProduct(api, { name: 'Mug', priceCents: 1299 });
    tea = await createProduct(api, { name: 'Tea', priceCents: 450 });
  });
  afterAll(() => api.close());

  const post = (path: string, token: string | undefined, body?: unknown) =>
    api.request('POST', path, { token, body });

  /** Places an order and lets the "saga" confirm it. */
  async function confirmedOrder(owner = customer): Promise<string> {
    const orderId = await placeOrder(api, owner, [mug]);
    await confirmOrder(api, orderId);
    return orderId;
  }

  async function paidOrder(owner = customer): Promise<string> {
    const orderId = await confirmedOrder(owner);
    const paid = await post(`/orders/${orderId}/pay`, owner.token, { paymentReference: 'pay-1' });
    expect(paid.status).toBe(200);
    return orderId;
  }

  async function shippedOrder(): Promise<string> {
    const orderId = await paidOrder();
    expect((await post(`/orders/${orderId}/ship`, adminToken, {})).status).toBe(200);
    return orderId;
  }

  describe('POST /orders', () => {
    const placeBody = (lines: unknown, shippingAddressId: unknown = customer.addressId) => ({
      lines,
      shippingAddressId,
    });

    it('accepts a pending order, snapshotting each product and the address', async () => {
      const response = await post('/orders', customer.token, {
        lines: [
          { productId: mug.productId, quantity: 2 },
          { productId: tea.productId, quantity: 3 },
        ],
        shippingAddressId: customer.addressId,
      });

      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'pending',
        position: expect.any(String),
      });
      expect(response.headers.get('x-position')).toBe(response.body.position);

      const [placed] = await api.eventStore.readStream(orderStream(response.body.orderId));
      expect(placed.position).toBe(response.body.position);
      expect(placed.metadata.userId).toBe(customer.userId);
      expect(placed.type).toBe('OrderPlaced');
      expect(placed.data).toEqual({
        orderId: response.body.orderId,
        customerId: customer.userId,
        lines: [
          {
            productId: mug.productId,
            sku: mug.sku,
            name: 'Mug',
            unitPriceCents: 1299,
            quantity: 2,
            lineTotalCents: 2598,
          },
          {
            productId: tea.productId,
            sku: tea.sku,
            name: 'Tea',
            unitPriceCents: 450,
            quantity: 3,
            lineTotalCents: 1350,
          },
        ],
        totalCents: 3948,
        shippingAddress: {
          addressId: customer.addressId,
          label: 'Home',
          line1: '1 Main St',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        placedAt: placed.metadata.occurredAt,
      });
    });

    it('keeps the snapshot when the price changes later; new orders get the new price', async () => {
      const lamp = await createProduct(api, { name: 'Lamp', priceCents: 5000 });
      const before = await placeOrder(api, customer, [lamp]);
      await changePrice(api, lamp.productId, 7500);
      const after = await placeOrder(api, customer, [lamp]);

      const priceIn = async (orderId: string) => {
        const [placed] = await api.eventStore.readStream(orderStream(orderId));
        return (placed.data as { lines: Array<{ unitPriceCents: number }> }).lines[0]
          .unitPriceCents;
      };
      expect(await priceIn(before)).toBe(5000);
      expect(await priceIn(after)).toBe(7500);
      expect(await orderEventTypes(api, before)).toEqual(['OrderPlaced']);
    });

    it('places one order for a retried Idempotency-Key', async () => {
      const body = placeBody([{ productId: mug.productId, quantity: 1 }]);
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.request('POST', '/orders', { token: customer.token, body, headers });
      const retry = await api.request('POST', '/orders', { token: customer.token, body, headers });
      expect(first.status).toBe(202);
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
    });

    describe('refuses a malformed order with 400, appending nothing', () => {
      const line = (quantity: number, productId: string = randomUUID()) => ({
        productId,
        quantity,
      });
      it.each([
        ['no lines', () => placeBody([]), [{ field: 'lines', message: /between 1 and 50/ }]],
        [
          'more than 50 lines',
          () => placeBody(Array.from({ length: 51 }, () => line(1))),
          [{ field: 'lines', message: /between 1 and 50/ }],
        ],
        [
          'a product twice',
          () => placeBody([line(1, mug.productId), line(1), line(2, mug.productId)]),
          [{ field: 'lines', message: /lines\[2\]\.productId duplicates lines\[0\]\.productId/ }],
        ],
        ['quantity 0', () => placeBody([line(0)]), [{ field: 'lines[0].quantity' }]],
        [
          'quantity 101',
          () => placeBody([line(1), line(1), line(101)]),
          [{ field: 'lines[2].quantity', message: /must not be greater than 100/ }],
        ],
        ['a fractional quantity', () => placeBody([line(1.5)]), [{ field: 'lines[0].quantity' }]],
        ['no shipping address', () => ({ lines: [line(1)] }), [{ field: 'shippingAddressId' }]],
        [
          'an unknown field',
          () => ({ ...placeBody([line(1)]), coupon: 'FREE' }),
          [{ field: 'coupon' }],
        ],
      ])('%s', async (_case, body, errors: ExpectedFieldError[]) => {
        const head = await api.eventStore.headPosition();
        const response = await post('/orders', customer.token, body());
        expectProblem(response, 400, 'validation', errors);
        expect(await api.eventStore.headPosition()).toBe(head);
      });
    });

    describe('refuses unusable references with 422, appending nothing', () => {
      it('an unknown and a discontinued product, naming each line', async () => {
        const retired = await createProduct(api, { name: 'Retired' });
        await discontinue(api, retired.productId);
        const head = await api.eventStore.headPosition();

        const response = await post(
          '/orders',
          customer.token,
          placeBody([
            { productId: mug.productId, quantity: 1 },
            { productId: randomUUID(), quantity: 1 },
            { productId: retired.productId, quantity: 1 },
          ]),
        );

        expectProblem(response, 422, 'unprocessable', [
          { field: 'lines[1].productId', message: 'unknown product' },
          { field: 'lines[2].productId', message: 'product is discontinued' },
        ]);
        expect(await api.eventStore.headPosition()).toBe(head);
      });

      it.each([
        ['an unknown address', () => randomUUID()],
        ['another customer’s address', () => otherCustomer.addressId],
      ])('%s', async (_case, addressId) => {
        const head = await api.eventStore.headPosition();
        const response = await post(
          '/orders',
          customer.token,
          placeBody([{ productId: mug.productId, quantity: 1 }], addressId()),
        );
        expectProblem(response, 422, 'unprocessable', [
          { field: 'shippingAddressId', message: 'is not one of your addresses' },
        ]);
        expect(await api.eventStore.headPosition()).toBe(head);
      });
    });

    it('needs a customer: 401 without or with a bad token, 403 for an admin', async () => {
      const body = placeBody([{ productId: mug.productId, quantity: 1 }]);
      expectProblem(await post('/orders', undefined, body), 401, 'unauthorized');
      expectProblem(await post('/orders', `${customer.token}x`, body), 401, 'unauthorized');
      expectProblem(await post('/orders', adminToken, body), 403, 'forbidden');
    });
  });

  describe('POST /orders/{id}/pay', () => {
    it('pays a confirmed order of the caller', async () => {
      const orderId = await confirmedOrder();
      const response = await post(`/orders/${orderId}/pay`, customer.token, {
        paymentReference: 'pi_123',
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'paid', position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const paid = (await api.eventStore.readStream(orderStream(orderId))).at(-1);
      expect(paid).toMatchObject({
        type: 'OrderPaid',
        position: response.body.position,
        data: {
          orderId,
          customerId: customer.userId,
          paymentReference: 'pi_123',
          totalCents: 1299,
        },
      });
    });

    it.each([
      ['pending (not yet confirmed)', () => placeOrder(api, customer, [mug]), ['OrderPlaced']],
      ['already paid', () => paidOrder(), ['OrderPlaced', 'OrderConfirmed', 'OrderPaid']],
    ])('is 409 when the order is %s, changing nothing', async (_case, given, events) => {
      const orderId = await given();
      const response = await post(`/orders/${orderId}/pay`, customer.token, {
        paymentReference: 'pi_again',
      });
      expectProblem(response, 409, 'illegal-state');
      expect(response.body.detail).toMatch(/not confirmed/);
      expect(await orderEventTypes(api, orderId)).toEqual(events);
    });

    it('is 404 for another customer’s order, exactly as for an unknown one', async () => {
      const orderId = await confirmedOrder();
      const foreign = await post(`/orders/${orderId}/pay`, otherCustomer.token, {
        paymentReference: 'pi_steal',
      });
      const unknown = await post(`/orders/${randomUUID()}/pay`, otherCustomer.token, {
        paymentReference: 'pi_steal',
      });
      expectProblem(foreign, 404, 'not-found');
      expectProblem(unknown, 404, 'not-found');
      expect(foreign.body.detail).toBe(unknown.body.detail);
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('is 403 for an admin: only the customer who placed the order pays it', async () => {
      const orderId = await confirmedOrder();
      const response = await post(`/orders/${orderId}/pay`, adminToken, {
        paymentReference: 'pi_admin',
      });
      expectProblem(response, 403, 'forbidden');
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('is 400 without a payment reference and 401 without a token', async () => {
      const orderId = await confirmedOrder();
      expectProblem(await post(`/orders/${orderId}/pay`, customer.token, {}), 400, 'validation', [
        { field: 'paymentReference', message: 'should not be empty' },
      ]);
      const anonymous = await post(`/orders/${orderId}/pay`, undefined, { paymentReference: 'x' });
      expectProblem(anonymous, 401, 'unauthorized');
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });
  });

  describe('POST /orders/{id}/cancel', () => {
    it('lets the owner cancel a confirmed order, with a reason', async () => {
      const orderId = await confirmedOrder();
      const response = await post(`/orders/${orderId}/cancel`, customer.token, {
        reason: 'changed my mind',
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'cancelled', position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const cancelled = (await api.eventStore.readStream(orderStream(orderId))).at(-1);
      expect(cancelled).toMatchObject({
        type: 'OrderCancelled',
        data: {
          previousStatus: 'confirmed',
          cancelledBy: 'customer',
          reason: 'changed my mind',
        },
      });
    });

    it('lets an admin cancel a paid order, with no body at all', async () => {
      const orderId = await paidOrder();
      const response = await api.request('POST', `/orders/${orderId}/cancel`, {
        token: adminToken,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'cancelled', position: expect.any(String) });
      const cancelled = (await api.eventStore.readStream(orderStream(orderId))).at(-1);
      expect(cancelled?.type).toBe('OrderCancelled');
      expect(cancelled?.data).toMatchObject({ previousStatus: 'paid', cancelledBy: 'admin' });
      expect(cancelled?.data).not.toHaveProperty('reason');
    });

    it.each([
      ['pending (the saga has not decided)', () => placeOrder(api, customer, [mug])],
      ['shipped', () => shippedOrder()],
    ])('is 409 when the order is %s, changing nothing', async (_case, given) => {
      const orderId = await given();
      const before = await orderEventTypes(api, orderId);
      for (const token of [customer.token, adminToken]) {
        const response = await post(`/orders/${orderId}/cancel`, token, {});
        expectProblem(response, 409, 'illegal-state');
      }
      expect(await orderEventTypes(api, orderId)).toEqual(before);
    });

    it('is 404 for another customer’s order and for an unknown one', async () => {
      const orderId = await confirmedOrder();
      const foreign = await post(`/orders/${orderId}/cancel`, otherCustomer.token, {});
      const unknown = await post(`/orders/${randomUUID()}/cancel`, customer.token, {});
      expectProblem(foreign, 404, 'not-found');
      expectProblem(unknown, 404, 'not-found');
      expect(foreign.body.detail).toBe(unknown.body.detail);
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('is 400 for a malformed reason and 401 without a token', async () => {
      const orderId = await confirmedOrder();
      expectProblem(
        await post(`/orders/${orderId}/cancel`, customer.token, { reason: 42 }),
        400,
        'validation',
        [{ field: 'reason', message: 'must be a string' }],
      );
      expectProblem(
        await post(`/orders/${orderId}/cancel`, customer.token, { reason: 'x'.repeat(501) }),
        400,
        'validation',
        [{ field: 'reason', message: /at most 500|shorter than or equal to 500/ }],
      );
      expectProblem(await post(`/orders/${orderId}/cancel`, undefined, {}), 401, 'unauthorized');
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });
  });

  describe('POST /orders/{id}/ship', () => {
    it('lets an admin ship a paid order with a tracking number', async () => {
      const orderId = await paidOrder();
      const response = await post(`/orders/${orderId}/ship`, adminToken, {
        trackingNumber: 'DHL-42',
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'shipped', position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const shipped = (await api.eventStore.readStream(orderStream(orderId))).at(-1);
      expect(shipped).toMatchObject({
        type: 'OrderShipped',
        data: { orderId, customerId: customer.userId, trackingNumber: 'DHL-42' },
      });
    });

    it('is 409 when the order is not paid, changing nothing', async () => {
      const orderId = await confirmedOrder();
      const response = await post(`/orders/${orderId}/ship`, adminToken, {});
      expectProblem(response, 409, 'illegal-state');
      expect(response.body.detail).toBe('order is confirmed, not paid');
      expect(await orderEventTypes(api, orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('is 403 for the customer, even its owner; 401 without a token; 404 unknown', async () => {
      const orderId = await paidOrder();
      expectProblem(await post(`/orders/${orderId}/ship`, customer.token, {}), 403, 'forbidden');
      expectProblem(await post(`/orders/${orderId}/ship`, undefined, {}), 401, 'unauthorized');
      expectProblem(await post(`/orders/${randomUUID()}/ship`, adminToken, {}), 404, 'not-found');
      expect(await orderEventTypes(api, orderId)).toEqual([
        'OrderPlaced',
        'OrderConfirmed',
        'OrderPaid',
      ]);
    });

    it('is 400 for an unknown field', async () => {
      const orderId = await paidOrder();
      const response = await post(`/orders/${orderId}/ship`, adminToken, { carrier: 'DHL' });
      expectProblem(response, 400, 'validation', [{ field: 'carrier' }]);
    });
  });

  describe('POST /orders/{id}/deliver', () => {
    it('lets an admin deliver a shipped order, completing the life cycle', async () => {
      const orderId = await shippedOrder();
      const response = await api.request('POST', `/orders/${orderId}/deliver`, {
        token: adminToken,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'delivered', position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      expect(await orderEventTypes(api, orderId)).toEqual([
        'OrderPlaced',
        'OrderConfirmed',
        'OrderPaid',
        'OrderShipped',
        'OrderDelivered',
      ]);
    });

    it('is 409 when the order is not shipped, changing nothing', async () => {
      const orderId = await paidOrder();
      const response = await post(`/orders/${orderId}/deliver`, adminToken);
      expectProblem(response, 409, 'illegal-state');
      expect(response.body.detail).toBe('order is paid, not shipped');
      expect(await orderEventTypes(api, orderId)).toEqual([
        'OrderPlaced',
        'OrderConfirmed',
        'OrderPaid',
      ]);
    });

    it('is 403 for the customer, 401 without a token, 404 unknown, 400 with fields', async () => {
      const orderId = await shippedOrder();
      expectProblem(await post(`/orders/${orderId}/deliver`, customer.token), 403, 'forbidden');
      expectProblem(await post(`/orders/${orderId}/deliver`, undefined), 401, 'unauthorized');
      expectProblem(await post(`/orders/${randomUUID()}/deliver`, adminToken), 404, 'not-found');
      expectProblem(
        await post(`/orders/${orderId}/deliver`, adminToken, { signedBy: 'me' }),
        400,
        'validation',
        [{ field: 'signedBy' }],
      );
      expect((await orderEventTypes(api, orderId)).at(-1)).toBe('OrderShipped');
    });
  });
});
