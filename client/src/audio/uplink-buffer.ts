/**
 * The host uplink's memory of unconfirmed audio: numbered chunks in capture order, each either
 * waiting to be sent or sent and waiting for the server's answer. A chunk leaves only when the
 * server confirmed it (or said it already has it); the oldest are dropped, and counted, only
 * when more than the cap is waiting (a long outage). Confirmed chunks are kept a while longer in
 * a bounded history: a server node that fails loses what it had confirmed but not yet
 * transcribed, and the node taking the meeting over asks for it again (`rewind`). Pure: no
 * sockets, no timers.
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
  /** Confirmed chunks, oldest first, at most `historyMs` of audio. */
  private readonly history: UplinkChunk[] = [];
  private historyMs = 0;
  /** Chunks given up because the buffer was full, since creation. */
  dropped = 0;

  constructor(
    private readonly maxQueuedMs: number,
    private readonly maxHistoryMs = 0,
  ) {}

  private remember(c: UplinkChunk): void {
    if (this.maxHistoryMs <= 0) return;
    c.inFlight = false;
    // Confirmations may come out of order: keep the history sorted.
    let i = this.history.length;
    while (i > 0 && this.history[i - 1]!.seq > c.seq) i--;
    this.history.splice(i, 0, c);
    this.historyMs += c.durationMs;
    while (this.historyMs > this.maxHistoryMs && this.history.length > 1) this.historyMs -= this.history.shift()!.durationMs;
  }

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
    this.remember(this.chunks.splice(i, 1)[0]!);
  }

  /** The server has every chunk below `nextSeq` (its reply to audio:start): forget them. */
  confirmBelow(nextSeq: number): void {
    while (this.chunks.length > 0 && this.chunks[0]!.seq < nextSeq) {
      const c = this.chunks.shift()!;
      this.queuedMs -= c.durationMs;
      this.remember(c);
    }
  }

  /**
   * The server needs every chunk from `nextSeq` on again (a node took the meeting over from a
   * failed one): confirmed chunks from there go back to be sent. Returns how many.
   */
  rewind(nextSeq: number): number {
    let i = this.history.length;
    while (i > 0 && this.history[i - 1]!.seq >= nextSeq) i--;
    const back = this.history.splice(i);
    for (const c of back) this.historyMs -= c.durationMs;
    // Merged with what still waits, in capture order (confirmations may have come out of order).
    const all = [...back, ...this.chunks].sort((x, y) => x.seq - y.seq);
    this.chunks.length = 0;
    this.chunks.push(...all);
    this.queuedMs = this.chunks.reduce((ms, c) => ms + c.durationMs, 0);
    return back.length;
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
    this.history.length = 0;
    this.historyMs = 0;
    return n;
  }

  /** Number of the oldest chunk held, or null when empty. */
  get oldestSeq(): number | null {
    return this.chunks[0]?.seq ?? null;
  }

  /** Number of the oldest chunk that could be sent again, confirmed ones included; null when none. */
  get oldestReplayableSeq(): number | null {
    const confirmed = this.history[0]?.seq ?? null;
    const waiting = this.oldestSeq;
    return confirmed === null ? waiting : waiting === null ? confirmed : Math.min(confirmed, waiting);
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
