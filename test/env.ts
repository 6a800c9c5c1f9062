/**
 * Where the team's fixtures and test models live. `.ci/run` sets these from the team folder;
 * locally, export them before `npm test` (see README).
 */
import path from 'node:path';

function requireDir(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: export it to the team folder (see README, "Tests")`);
  }
  return path.resolve(value);
}

/** The fixtures folder (audio/, texts/). */
export function fixturesDir(): string {
  return requireDir('LUOSHI_FIXTURES');
}

/** The models folder holding test/whisper-lookup-zh and test/whisper-fixed-zh. */
export function testModelsDir(): string {
  return requireDir('LUOSHI_MODELS_DIR');
}

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesDir(), ...parts);
}
