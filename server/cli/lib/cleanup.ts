/**
 * Undo steps for a tool that starts real things (servers, databases, child processes): the last
 * registered runs first; the whole list runs once, whether the tool ends normally, fails or gets
 * SIGINT. A step added once cleanup has begun (the tool was still starting something when SIGINT
 * came) runs at once. A failing step is reported on stderr and the next one still runs.
 */
type Step = { name: string; run: () => Promise<void> | void };

export class Cleanup {
  private steps: Step[] = [];
  private running: Promise<void> | null = null;
  private late: Promise<void>[] = [];

  /** `tool` prefixes the report of a failed step (`bench:fanout: cleanup "…" failed: …`). */
  constructor(private readonly tool: string) {}

  add(name: string, run: () => Promise<void> | void): void {
    if (this.running) this.late.push(this.attempt({ name, run }));
    else this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) await this.attempt(step);
      await Promise.all(this.late);
    })();
    return this.running;
  }

  private async attempt(step: Step): Promise<void> {
    try {
      await step.run();
    } catch (err) {
      process.stderr.write(`${this.tool}: cleanup "${step.name}" failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
