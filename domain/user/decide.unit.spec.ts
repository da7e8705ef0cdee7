import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { now, register, registered, userId } from './fixtures.spec';
import { userDecider } from './index';

const given = specFor(userDecider);

const fieldsOf = (error: ValidationError) => error.errors.map((e) => e.field);

describe('User', () => {
  describe('when not registered', () => {
    it('registers with the email as given plus its normalised form, and no password', () => {
      given([])
        .when(register())
        .then([{ ...registered, data: { ...registered.data, registeredAt: now } }]);
      const [event] = userDecider.decide(register(), userDecider.initialState());
      expect(JSON.stringify(event)).not.toContain('correct horse 1');
    });

    it('keeps roles in a canonical order without duplicates', () => {
      const [event] = userDecider.decide(
        register({ roles: ['admin', 'customer', 'admin'] }),
        userDecider.initialState(),
      );
      expect(event?.type === 'UserRegistered' && event.data.roles).toEqual(['customer', 'admin']);
    });

    it.each([
      ['short1', 'must be at least 8 characters'],
      ['onlyletters', 'must contain at least one digit'],
      ['1234567890', 'must contain at least one letter'],
    ])('rejects the password %p', (password, message) => {
      const error = given([]).when(register({ password })).thenThrows(ValidationError);
      expect(error.errors).toEqual([{ field: 'password', message }]);
    });

    it('reports every invalid field at once, named as in the HTTP body', () => {
      const error = given([])
        .when(register({ email: 'not-an-email', name: '   ', roles: [] }))
        .thenThrows(ValidationError);
      expect(fieldsOf(error)).toEqual(['email', 'name', 'roles']);
    });

    it('rejects a name that is too long', () => {
      const error = given([])
        .when(register({ name: 'x'.repeat(101) }))
        .thenThrows(ValidationError);
      expect(error.errors).toEqual([{ field: 'name', message: 'must be at most 100 characters' }]);
    });

    it('answers every other command with NotFoundError', () => {
      given([])
        .when({ type: 'RenameUser', data: { userId, name: 'Bob', now } })
        .thenThrows(NotFoundError, 'user not found');
    });
  });

  describe('when registered', () => {
    it('refuses to register again', () => {
      given([registered])
        .when(register())
        .thenThrows(IllegalStateError, 'user u-1 is already registered');
    });

    it('renames, trimming the name', () => {
      given([registered])
        .when({ type: 'RenameUser', data: { userId, name: '  Alice B ', now } })
        .then([{ type: 'UserRenamed', data: { userId, name: 'Alice B', renamedAt: now } }]);
    });

    it('records nothing when renamed to the same name', () => {
      given([registered])
        .when({ type: 'RenameUser', data: { userId, name: 'Alice', now } })
        .thenNothingHappens();
    });

    it('changes the password, storing only the new hash', () => {
      given([registered])
        .when({
          type: 'ChangePassword',
          data: { userId, newPassword: 'another pass 2', passwordHash: 'scrypt$new', now },
        })
        .then([
          {
            type: 'UserPasswordChanged',
            data: { userId, passwordHash: 'scrypt$new', changedAt: now },
          },
        ]);
    });

    it('checks the new password against the policy under the field newPassword', () => {
      const error = given([registered])
        .when({
          type: 'ChangePassword',
          data: { userId, newPassword: 'abc', passwordHash: 'h', now },
        })
        .thenThrows(ValidationError);
      expect(fieldsOf(error)).toEqual(['newPassword']);
    });

    it('changes notification preferences away from the defaults', () => {
      given([registered])
        .when({
          type: 'ChangeNotificationPreferences',
          data: { userId, orderUpdates: false, marketing: true, now },
        })
        .then([
          {
            type: 'NotificationPreferencesChanged',
            data: { userId, orderUpdates: false, marketing: true, changedAt: now },
          },
        ]);
    });

    it('records nothing when the preferences equal the defaults (updates on, marketing off)', () => {
      given([registered])
        .when({
          type: 'ChangeNotificationPreferences',
          data: { userId, orderUpdates: true, marketing: false, now },
        })
        .thenNothingHappens();
    });

    it('grants the admin role once', () => {
      given([registered])
        .when({ type: 'GrantRole', data: { userId, role: 'admin', now } })
        .then([{ type: 'UserRoleGranted', data: { userId, role: 'admin', grantedAt: now } }]);
      given([
        registered,
        { type: 'UserRoleGranted', data: { userId, role: 'admin', grantedAt: now } },
      ])
        .when({ type: 'GrantRole', data: { userId, role: 'admin', now } })
        .thenNothingHappens();
    });
  });
});
