/** Waiting for a condition in tests: poll it, never sleep a fixed time (the machine may be busy). */

/** Resolves once `check()` holds (a check may read the database: async); rejects with "timed out waiting for <what>" after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 10_000, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
