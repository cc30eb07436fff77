import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** The AppError `fn` throws (fails the test when it throws nothing or something else). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError, but nothing was thrown");
}

/** The AppError a promise rejects with (fails the test when it resolves or rejects with something else). */
export async function rejectedAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError, but the promise resolved");
}
