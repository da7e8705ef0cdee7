import { type WriteBenchConfig } from './config';
import { type WindowResult } from './measure-window';
import { type ScryptCost } from './scrypt-cost';

/** The raw measurements, saved with the report. */
export type WriteBenchResults = Readonly<{
  config: WriteBenchConfig;
  scrypt: readonly ScryptCost[];
  floorEvent: { type: string; dataBytes: number; metadataBytes: number };
  windows: readonly WindowResult[];
}>;
