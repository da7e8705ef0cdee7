import { type StoreUnderTest, type SubjectName } from '../store-under-test';

/** Loaded on demand, so a worker process only ever loads the store it measures. */
export async function openStoreUnderTest(
  name: SubjectName,
  url: string,
  poolSize: number,
): Promise<StoreUnderTest> {
  switch (name) {
    case 'ours':
      return (await import('./ours')).openOurs(url, poolSize);
    case 'emmett':
      return (await import('./emmett')).openEmmett(url, poolSize);
    case 'ceiling':
      return (await import('./ceiling')).openCeiling(url, poolSize);
  }
}
