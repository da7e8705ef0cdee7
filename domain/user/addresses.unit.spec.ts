import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { homeAddressAdded, now, registered, registeredAt, userId } from './fixtures.spec';
import { type UserEvent, userDecider } from './index';

const given = specFor(userDecider);
const fieldsOf = (error: ValidationError) => error.errors.map((e) => e.field);

describe('User addresses', () => {
  describe('when registered', () => {
    it('adds an address, upper-casing the country and dropping blank optional fields', () => {
      given([registered])
        .when({
          type: 'AddAddress',
          data: {
            userId,
            addressId: 'a-1',
            label: ' Home ',
            line1: ' 1 Main St ',
            line2: '  ',
            city: 'Berlin',
            postalCode: '10115',
            country: 'de',
            now: registeredAt,
          },
        })
        .then([homeAddressAdded]);
    });

    it('rejects a country that is not ISO 3166-1 alpha-2', () => {
      const error = given([registered])
        .when({
          type: 'AddAddress',
          data: {
            userId,
            addressId: 'a-2',
            line1: 'x',
            city: 'London',
            postalCode: 'N1',
            country: 'UK',
            now,
          },
        })
        .thenThrows(ValidationError);
      expect(error.errors).toEqual([
        { field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code' },
      ]);
    });

    it('reports missing address fields by name', () => {
      const error = given([registered])
        .when({
          type: 'AddAddress',
          data: {
            userId,
            addressId: 'a-2',
            line1: '',
            city: '',
            postalCode: '',
            country: 'FR',
            now,
          },
        })
        .thenThrows(ValidationError);
      expect(fieldsOf(error)).toEqual(['line1', 'city', 'postalCode']);
    });

    it('answers removing an unknown address with NotFoundError', () => {
      given([registered])
        .when({ type: 'RemoveAddress', data: { userId, addressId: 'nope', now } })
        .thenThrows(NotFoundError, 'address nope not found');
    });
  });

  describe('when registered with an address', () => {
    it('removes it', () => {
      given([registered, homeAddressAdded])
        .when({ type: 'RemoveAddress', data: { userId, addressId: 'a-1', now } })
        .then([{ type: 'UserAddressRemoved', data: { userId, addressId: 'a-1', removedAt: now } }]);
    });

    it('refuses the same addressId twice', () => {
      given([registered, homeAddressAdded])
        .when({
          type: 'AddAddress',
          data: {
            userId,
            addressId: 'a-1',
            line1: 'x',
            city: 'y',
            postalCode: 'z',
            country: 'DE',
            now,
          },
        })
        .thenThrows(IllegalStateError, 'address a-1 already exists');
    });

    it('forgets it once removed, so removing again is NotFoundError', () => {
      const removed: UserEvent = {
        type: 'UserAddressRemoved',
        data: { userId, addressId: 'a-1', removedAt: now },
      };
      given([registered, homeAddressAdded, removed])
        .when({ type: 'RemoveAddress', data: { userId, addressId: 'a-1', now } })
        .thenThrows(NotFoundError);
    });
  });

  describe('when registered with the maximum number of addresses', () => {
    it('refuses another', () => {
      const full = Array.from({ length: 20 }, (_, i): UserEvent => ({
        ...homeAddressAdded,
        data: { ...homeAddressAdded.data, addressId: `a-${i}` },
      }));
      given([registered, ...full])
        .when({
          type: 'AddAddress',
          data: {
            userId,
            addressId: 'a-20',
            line1: 'x',
            city: 'y',
            postalCode: 'z',
            country: 'DE',
            now,
          },
        })
        .thenThrows(IllegalStateError, 'a user may keep at most 20 addresses');
    });
  });
});
