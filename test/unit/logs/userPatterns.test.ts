import * as assert from 'assert';
import { validateUserPatterns } from '../../../src/core/logs';

describe('logs: user pattern validation', () => {
  it('accepts well-formed patterns and defaults severity to warning', () => {
    const r = validateUserPatterns([
      { id: 'my-timeout', regex: 'deadline exceeded', explanation: 'The API server was slow. Check etcd.' },
    ]);
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.patterns[0]?.severity, 'warning');
    assert.strictEqual(r.patterns[0]?.title, 'The API server was slow');
    assert.strictEqual(r.patterns[0]?.category, 'user');
  });

  it('rejects bad shapes with a specific message each', () => {
    const cases: [unknown, RegExp][] = [
      [{ id: 'Bad_ID', regex: 'x' }, /kebab-case/],
      [{ id: 'validation-timeout', regex: 'x' }, /built-in/],
      [{ id: 'a-b', regex: '' }, /non-empty/],
      [{ id: 'a-b', regex: '(' }, /invalid regular expression/],
      [{ id: 'a-b', regex: 'x', severity: 'fatal' }, /severity/],
      [{ id: 'a-b', regex: 'x', explanation: 3 }, /explanation/],
      [{ id: 'a-b', regex: 'x*' }, /empty string/],
      [{ id: 'a-b', regex: '(a+)+$' }, /exponential/],
      [{ id: 'a-b', regex: '(\\w*x)*y' }, /exponential/],
      [{ id: 'a-b', regex: '(a)\\1' }, /backreferences/],
      [{ id: 'a-b', regex: 'x'.repeat(2000) }, /longer than/],
      ['just a string', /must be an object/],
    ];
    for (const [input, message] of cases) {
      const r = validateUserPatterns([input]);
      assert.strictEqual(r.patterns.length, 0, JSON.stringify(input).slice(0, 40));
      assert.match(r.problems[0]?.message ?? '', message);
    }
  });

  it('reports duplicates and non-arrays, keeps the valid ones', () => {
    const r = validateUserPatterns([
      { id: 'a-b', regex: 'x' },
      { id: 'a-b', regex: 'y' },
      { id: 'c-d', regex: 'z' },
    ]);
    assert.deepStrictEqual(
      r.patterns.map((p) => p.id),
      ['a-b', 'c-d'],
    );
    assert.deepStrictEqual(
      r.problems.map((p) => [p.index, p.id]),
      [[1, 'a-b']],
    );
    assert.match(validateUserPatterns({ id: 'x' }).problems[0]?.message ?? '', /array/);
    assert.deepStrictEqual(validateUserPatterns(undefined), { patterns: [], problems: [] });
  });
});
