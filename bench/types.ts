/** One figure of `npm run bench`: a measurement, its target, and the reference measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  reference?: string;
}
