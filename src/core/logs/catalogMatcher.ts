/** The matcher over the built-in catalog, built on first use (building it compiles ~120 literals). */
import { CATALOG } from './catalog/index';
import { LogMatcher } from './matcher';

let cached: LogMatcher | undefined;

export function catalogMatcher(): LogMatcher {
  cached ??= new LogMatcher(CATALOG);
  return cached;
}
