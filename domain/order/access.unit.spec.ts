import { specFor } from '../shared/decider-specification';
import { NotFoundError, NotPermittedError } from '../shared/errors';
import {
  admin,
  cancel,
  cancelledAfter,
  confirmed,
  customerId,
  owner,
  paid,
  pay,
  placed,
  shipped,
  stranger,
} from './fixtures.spec';
import { orderDecider } from './index';

const given = specFor(orderDecider);
/** An admin account that placed the order itself acts as its customer. */
const adminOwner = { userId: customerId, isAdmin: true };

describe('Who may act on an order', () => {
  describe('when absent', () => {
    it('answers anyone with "order not found"', () => {
      given([]).when(pay(stranger)).thenThrows(NotFoundError, 'order not found');
      given([]).when(cancel(admin)).thenThrows(NotFoundError, 'order not found');
    });
  });

  describe('when confirmed', () => {
    const history = [placed, confirmed];

    it('is paid by the customer who placed it, admin or not', () => {
      given(history).when(pay(owner)).then([paid]);
      given(history).when(pay(adminOwner)).then([paid]);
    });

    it('hides itself from another customer exactly as a missing order', () => {
      given(history).when(pay(stranger)).thenThrows(NotFoundError, 'order not found');
      given(history).when(cancel(stranger)).thenThrows(NotFoundError, 'order not found');
    });

    it('is not paid by an admin: the refusal says who pays', () => {
      given(history)
        .when(pay(admin))
        .thenThrows(NotPermittedError, 'only the customer who placed an order can pay it');
    });

    it('records whether its customer or an admin cancelled it', () => {
      given(history)
        .when(cancel(owner))
        .then([cancelledAfter('confirmed', { cancelledBy: 'customer' })]);
      given(history)
        .when(cancel(adminOwner))
        .then([cancelledAfter('confirmed', { cancelledBy: 'customer' })]);
      given(history)
        .when(cancel(admin))
        .then([cancelledAfter('confirmed', { cancelledBy: 'admin' })]);
    });
  });

  describe('when paid', () => {
    it('is cancelled by an admin, and still hidden from another customer', () => {
      const history = [placed, confirmed, paid];
      given(history)
        .when(cancel(admin))
        .then([cancelledAfter('paid', { cancelledBy: 'admin' })]);
      given(history).when(cancel(stranger)).thenThrows(NotFoundError, 'order not found');
    });
  });

  describe('when shipped', () => {
    it('tells another customer nothing about its state: 404, not "cannot be cancelled"', () => {
      given([placed, confirmed, paid, shipped])
        .when(cancel(stranger))
        .thenThrows(NotFoundError, 'order not found');
    });
  });
});
