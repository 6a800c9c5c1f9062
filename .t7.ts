import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { fastDecode, whisperFeatures } from './server/transcription/recogniser/fast-decode.ts';
import { readWavFile } from './server/transcription/audio/wav.ts';
import { AudioInput, concat } from './server/transcription/audio/audio-input.ts';
env.allowRemoteModels = false; env.localModelPath = '/work/shared/models/';
const asr = (await pipeline('automatic-speech-recognition', 'test/whisper-lookup-zh', { dtype: 'q8' })) as AutomaticSpeechRecognitionPipeline;
const opts = { language: 'chinese', task: 'transcribe' as const, noRepeatNgramSize: 6, repetitionPenalty: 1.1, maxNewTokens: 224 };
for (const f of ['u01','u02','u03','u04','u05','u06','u07','u08','u09','u10','silence-3s']) {
  const c = await readWavFile(`/work/shared/fixtures/audio/${f}.wav`); const inp = new AudioInput(); const a = concat([inp.push(c), inp.flush()]);
  const full = (await asr.processor(a)).input_features; const fast = await whisperFeatures(asr, a);
  let md = 0; for (let i=0;i<full.data.length;i++) md = Math.max(md, Math.abs((full.data[i] as number) - (fast.data[i] as number)));
  let t = performance.now(); const r1 = await asr(a, { language: 'chinese', task: 'transcribe', no_repeat_ngram_size: 6, repetition_penalty: 1.1, max_new_tokens: 224 }); const tp = performance.now()-t;
  t = performance.now(); const r2 = await fastDecode(asr, a, opts); const tf = performance.now()-t;
  console.log(f, md.toExponential(2), tp.toFixed(0), tf.toFixed(0), (r1 as {text:string}).text === r2, r2);
}
