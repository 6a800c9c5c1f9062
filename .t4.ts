import { AudioInput, concat } from './server/transcription/audio/audio-input.ts';
import { readWavFile, splitChunk } from './server/transcription/audio/wav.ts';
import { segmentAudio } from './server/transcription/vad/frames.ts';
import { loadSileroDetectorFactory } from './server/transcription/vad/silero.ts';
import { frameDbfs } from './server/transcription/vad/speech-detector.ts';
const f = await loadSileroDetectorFactory();
for (const clip of process.argv.slice(2)) {
  const chunk = await readWavFile(clip); const input = new AudioInput();
  const audio = concat([...splitChunk(chunk, chunk.sampleRate).map((c) => input.push(c)), input.flush()]);
  const det = f.create(); const probs: number[] = [];
  const wrapped = { probability: async (fr: Float32Array) => { const p = await det.probability(fr); probs.push(p); return p; }, reset() {} };
  const ev = await segmentAudio(audio, wrapped);
  console.log(clip.split('/').pop(), ev.filter(e=>e.type!=='speech-started').map(e => e.type==='segment-ended' ? `${e.startMs}-${e.endMs}` : e.type+':'+e.reason).join(' '));
  const levels: number[] = [];
  for (let i = 0; i + 512 <= audio.length; i += 512) levels.push(frameDbfs(audio.subarray(i, i + 512)));
  console.log(levels.map((d,i)=>`${i*32}:${d.toFixed(0)}/${(probs[i]??0).toFixed(2)}`).join(' '));
}
