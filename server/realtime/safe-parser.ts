/**
 * socket.io's packet parser with limits checked before `JSON.parse`: a packet nesting deeper
 * than MAX_JSON_DEPTH, or a CONNECT packet (sent before authentication, it carries only the
 * token) larger than MAX_CONNECT_PACKET_BYTES, is refused — socket.io then closes the connection.
 * Without this, 1 MB of `[[[…]]]` from a client that never authenticated blocks the event loop.
 */
import { Decoder, Encoder } from 'socket.io-parser';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../http/json-depth.ts';

/** Largest CONNECT packet, characters (the auth payload is a ≤ 2 KB token). */
export const MAX_CONNECT_PACKET_BYTES = 8 * 1024;

/** Packet type digit of CONNECT in socket.io's protocol 5. */
const CONNECT_TYPE = '0';

class SafeDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string') {
      if (obj.startsWith(CONNECT_TYPE) && obj.length > MAX_CONNECT_PACKET_BYTES) throw new Error('connect packet too large');
      if (jsonTooDeep(obj, MAX_JSON_DEPTH)) throw new Error('packet nested too deeply');
    }
    super.add(obj);
  }
}

/** The `parser` option of socket.io's Server. */
export const safeParser = { Encoder, Decoder: SafeDecoder };
