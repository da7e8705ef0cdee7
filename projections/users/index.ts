import { type Projection } from '../runtime/projection';
import { applyUserEvents, userEventTypes } from './apply';
import { type UsersTable, usersTables } from './tables';

/** User profiles: name, email, roles, addresses and notification preferences for GET /users/me. */
export const usersProjection: Projection<UsersTable> = {
  name: 'users',
  version: 1,
  description: 'User profiles: name, email, roles, addresses and notification preferences',
  tables: usersTables,
  eventTypes: userEventTypes,
  apply: applyUserEvents,
};
