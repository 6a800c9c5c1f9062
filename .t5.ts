import { createTranscriptionService, readWavFile, splitChunk } from './server/transcription/index.ts';
const t0 = performance.now();
const svc = createTranscriptionService({ modelId: 'test/whisper-lookup-zh', modelsDir: '/work/shared/models' });
svc.onStatus((s) => console.error('status', JSON.stringify(s)));
await svc.ready();
console.error('ready in', performance.now() - t0);
const chunk = await readWavFile(process.argv[2]!);
const stream = svc.openStream('m1', { onSegment: (s) => console.log(JSON.stringify(s)), onError: (e) => console.error('ERR', e), onTiming: (t) => console.error('timing', t.kind, (t.deliveredAtMs - t.requestedAtMs).toFixed(0), t.decodeMs.toFixed(0), t.queuedMs.toFixed(0)) });
const t1 = performance.now();
for (const part of splitChunk(chunk, Math.round(chunk.sampleRate * 0.2))) { if (!stream.push(part)) await stream.drain(); }
await stream.end();
console.error('wall', performance.now() - t1);
await svc.close();
