export { DEFAULT_KEY_PREFIX } from './defaults';
export { openMemoryCoordination } from './memory/memory-coordination';
export { openCoordination } from './open-coordination';
export type * from './ports';
export { openRedisCoordination } from './redis/redis-coordination';
