/**
 * The host uplink's memory of unconfirmed audio: numbered chunks in capture order, each either
 * waiting to be sent or sent and waiting for the server's answer. A chunk leaves only when the
 * server confirmed it (or said it already has it); the oldest are dropped, and counted, only
 * when more than the cap is waiting (a long outage). Pure: no sockets, no timers.
 */

/** One captured chunk. */
export interface UplinkChunk {
  /** Sequence number within the capture (0, 1, 2, …). */
  seq: number;
  /** Int16 LE mono PCM. */
  pcm: Uint8Array<ArrayBuffer>;
  /** Duration, ms. */
  durationMs: number;
  /** Sent on the current connection and not answered yet. */
  inFlight: boolean;
}

/** Bounded, ordered buffer of unconfirmed chunks. */
export class UplinkBuffer {
  private readonly chunks: UplinkChunk[] = [];
  private queuedMs = 0;
  /** Chunks given up because the buffer was full, since creation. */
  dropped = 0;

  constructor(private readonly maxQueuedMs: number) {}

  /** Add a captured chunk; returns how many old chunks had to be dropped to stay within the cap. */
  add(seq: number, pcm: Uint8Array<ArrayBuffer>, durationMs: number): number {
    this.chunks.push({ seq, pcm, durationMs, inFlight: false });
    this.queuedMs += durationMs;
    let dropped = 0;
    while (this.queuedMs > this.maxQueuedMs && this.chunks.length > 1) {
      const old = this.chunks.shift()!;
      this.queuedMs -= old.durationMs;
      dropped += 1;
    }
    this.dropped += dropped;
    return dropped;
  }

  /** The next chunks to send (oldest first, not in flight), at most `limit`. */
  nextToSend(limit: number): UplinkChunk[] {
    const out: UplinkChunk[] = [];
    for (const c of this.chunks) {
      if (out.length >= limit) break;
      if (!c.inFlight) out.push(c);
    }
    return out;
  }

  /** The server has chunk `seq`: forget it. */
  confirm(seq: number): void {
    const i = this.chunks.findIndex((c) => c.seq === seq);
    if (i < 0) return;
    this.queuedMs -= this.chunks[i]!.durationMs;
    this.chunks.splice(i, 1);
  }

  /** The server has every chunk below `nextSeq` (its reply to audio:start): forget them. */
  confirmBelow(nextSeq: number): void {
    while (this.chunks.length > 0 && this.chunks[0]!.seq < nextSeq) this.queuedMs -= this.chunks.shift()!.durationMs;
  }

  /** The answer to `seq` will not come (timeout, retryable error): send it again. */
  retry(seq: number): void {
    const c = this.chunks.find((x) => x.seq === seq);
    if (c) c.inFlight = false;
  }

  /** The connection dropped: every chunk in flight must be sent again. */
  resetInFlight(): void {
    for (const c of this.chunks) c.inFlight = false;
  }

  /** Remove everything (capture stopped for good); returns how many chunks were still unconfirmed. */
  clear(): number {
    const n = this.chunks.length;
    this.chunks.length = 0;
    this.queuedMs = 0;
    return n;
  }

  /** Number of the oldest chunk held, or null when empty. */
  get oldestSeq(): number | null {
    return this.chunks[0]?.seq ?? null;
  }

  get size(): number {
    return this.chunks.length;
  }

  get inFlightCount(): number {
    let n = 0;
    for (const c of this.chunks) if (c.inFlight) n++;
    return n;
  }

  /** Audio waiting for confirmation, ms. */
  get pendingMs(): number {
    return this.queuedMs;
  }
}
