/**
 * Log intelligence core: line readers, the pattern catalog, the one-pass matcher, a streaming
 * scanner, summaries, content detection and user-pattern validation. Pure: no fs, no vscode.
 *
 * Typical use (extension): `const m = new LogMatcher([...CATALOG, ...userPatterns])`, then
 * `m.scan(text, { startLine, endLine, lineIndex })` (with `lineIndex = LineIndex.build(text, 'lf')`) for the visible range first and the rest in
 * slices; `m.pattern(f.patternId)` gives the hover text. CLI: `LogStreamScanner` over chunks.
 */
export * from './types';
export { CATALOG, catalogPattern } from './catalog/index';
export { catalogMatcher } from './catalogMatcher';
export { looksLikeIstioLog, DETECT_HEAD } from './detect';
export { LineIndex } from '../text/lineIndex';
export { MIN_LITERAL } from './literalSearch';
export { parseLogLine } from './lineReader';
export { LogMatcher, MAX_LINE_SCAN } from './matcher';
export { LogStreamScanner, MAX_STREAM_LINE, scanChunks } from './stream';
export { addToSummary, summarize, summaryText, type LogSummary } from './summary';
export { type FindingGroup, groupFindings } from './findingGroups';
export { USER_PATTERN_LINE_BUDGET_MS, userPatternFinding, validateUserPatterns } from './userPatterns';
