/**
 * A socket.io client written by hand over a TCP socket, for abuse tests and bench:abuse: it can
 * do what a well-behaved client never does — stop reading, send engine.io pongs nobody asked
 * for, send packets of any shape, claim any X-Forwarded-For. Text frames only (RFC 6455,
 * client frames masked); incoming frames are parsed only while reading.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawSocketOptions {
  /** `http://127.0.0.1:PORT` */
  url: string;
  headers?: Record<string, string>;
}

export interface RawSocket {
  /** Send one text frame (an engine.io packet, e.g. `3` or `42["sync",{}]`). */
  send(text: string): boolean;
  /** Frames received so far (while reading). */
  readonly received: string[];
  /** Wait for a received frame matching `test`. */
  waitFor(test: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Stop reading: the kernel buffers fill, then the server's own buffers. */
  pause(): void;
  /** Read again (frames are discarded unless parsed; `closed` then reflects what the server did). */
  resume(): void;
  /** True once the server sent a WebSocket close frame or the TCP connection closed. */
  readonly closed: boolean;
  /** Resolves when the server closes (close frame or TCP close). */
  readonly whenClosed: Promise<void>;
  destroy(): void;
  /** Bytes still queued in this process for sending. */
  readonly pendingWriteBytes: number;
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x81, 0x80 | len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    header[0] = 0x81;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  for (let i = 0; i < len; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([header, mask, payload]);
}

/** Open a WebSocket to engine.io (`/socket.io/?EIO=4&transport=websocket`); resolves after the 101. */
export function openRawSocket(options: RawSocketOptions): Promise<RawSocket> {
  const u = new URL(options.url);
  const conn = net.connect(Number(u.port), u.hostname);
  const received: string[] = [];
  const waiters: { test: (f: string) => boolean; resolve: (f: string) => void }[] = [];
  let buf = Buffer.alloc(0);
  let upgraded = false;
  let closed = false;
  let markClosed: () => void = () => {};
  const whenClosed = new Promise<void>((resolve) => {
    markClosed = () => {
      closed = true;
      resolve();
    };
  });
  conn.once('close', () => markClosed());
  conn.on('error', () => {});

  const deliver = (text: string) => {
    received.push(text);
    for (const w of waiters.splice(0)) {
      if (w.test(text)) w.resolve(text);
      else waiters.push(w);
    }
  };

  const parseFrames = () => {
    for (;;) {
      if (buf.length < 2) return;
      const b1 = buf[1] ?? 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        offset = 10;
      }
      if (buf.length < offset + len) return;
      const opcode = (buf[0] ?? 0) & 0x0f;
      if (opcode === 1) deliver(buf.subarray(offset, offset + len).toString('utf8'));
      else if (opcode === 8) markClosed();
      buf = buf.subarray(offset + len);
    }
  };

  return new Promise((resolve, reject) => {
    conn.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      const extra = Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      conn.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    conn.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        buf = buf.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          conn.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0] ?? ''}`));
          return;
        }
        upgraded = true;
        resolve(socket);
      }
      parseFrames();
    });
    conn.once('close', () => {
      if (!upgraded) reject(new Error('connection closed before upgrade'));
    });

    const socket: RawSocket = {
      send: (text) => !closed && conn.write(frame(text)),
      received,
      waitFor(test, timeoutMs = 5000) {
        const hit = received.find(test);
        if (hit !== undefined) return Promise.resolve(hit);
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error('timed out waiting for a frame')), timeoutMs);
          waiters.push({ test, resolve: (f) => {
            clearTimeout(timer);
            res(f);
          } });
        });
      },
      pause: () => conn.pause(),
      resume: () => conn.resume(),
      get closed() {
        return closed;
      },
      whenClosed,
      destroy: () => conn.destroy(),
      get pendingWriteBytes() {
        return conn.writableLength;
      },
    };
  });
}

/**
 * Open a raw socket and authenticate as a socket.io client with `token` (CONNECT to `/`).
 * Resolves once the server accepted (`40{"sid":…}`); rejects on `44` (connect error).
 */
export async function connectRaw(url: string, token: string, headers?: Record<string, string>): Promise<RawSocket> {
  const s = await openRawSocket({ url, ...(headers ? { headers } : {}) });
  await s.waitFor((f) => f.startsWith('0{'));
  s.send(`40${JSON.stringify({ token })}`);
  const reply = await s.waitFor((f) => f.startsWith('40') || f.startsWith('44'));
  if (reply.startsWith('44')) {
    s.destroy();
    throw new Error(`connect refused: ${reply}`);
  }
  return s;
}
