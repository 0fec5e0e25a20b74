/**
 * Expected failures are values, not exceptions (vscode-kubernetes-tools' Errorable<T>): an
 * unreachable cluster or a bad file is a state the caller shows.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
