import { expect } from 'vitest';
import { type AppError, AppFailure } from '../../utils/messaging/app-error';
import { HISTORY_DB_NAME, closeHistoryDb } from '../../utils/storage/history-db';

/** The AppError a call failed with; fails the test if it succeeded or threw something else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const thrown = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(AppFailure);
  return (thrown as AppFailure).error;
}

/** Deletes an IndexedDB database (its connections closed first), so the next test starts empty. */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`${name} database still open`));
  });
}

/** Closes this test's connection and deletes the history database, so each test starts empty. */
export async function resetHistoryDatabase(): Promise<void> {
  await closeHistoryDb();
  await deleteDatabase(HISTORY_DB_NAME);
}
