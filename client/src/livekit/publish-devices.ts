/**
 * Which tracks a page publishes when it joins the room, in what order, and what the operator is
 * told when one fails. The microphone goes first and on its own: a host PC without a camera
 * (common in county meeting rooms) still publishes its voice. Free of livekit-client types so
 * the order and the messages are tested without a LiveKit server.
 */
import { deviceErrorMessage, insecureContextError } from './device-error.ts';
import type { VideoLayout } from './layout.ts';

/** The part of livekit-client's LocalParticipant this uses. */
export interface DevicePublisher {
  setMicrophoneEnabled(enabled: boolean): Promise<unknown>;
  setCameraEnabled(enabled: boolean): Promise<unknown>;
}

export interface PublishOutcome {
  microphone: 'published' | 'not_requested' | 'failed';
  camera: 'published' | 'not_requested' | 'failed';
  /** The banner for the operator (host only), the microphone's problem before the camera's. */
  message: string | null;
}

/**
 * Publish by layout: the host its microphone, then its camera; a venue its camera (its
 * microphone opens when it is called on); the secretary desk nothing.
 * `canCapture`: false when the page has no getUserMedia (not served over HTTPS).
 */
export async function publishDevices(local: DevicePublisher, layout: VideoLayout, canCapture: boolean): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { microphone: 'not_requested', camera: 'not_requested', message: null };
  if (layout === 'secretary') return outcome;
  let micError: string | null = null;
  let cameraError: string | null = null;
  if (layout === 'host') {
    try {
      if (!canCapture) throw insecureContextError();
      await local.setMicrophoneEnabled(true);
      outcome.microphone = 'published';
    } catch (error) {
      outcome.microphone = 'failed';
      micError = deviceErrorMessage('microphone', error);
    }
  }
  try {
    if (!canCapture) throw insecureContextError();
    await local.setCameraEnabled(true);
    outcome.camera = 'published';
  } catch (error) {
    outcome.camera = 'failed';
    cameraError = deviceErrorMessage('camera', error);
  }
  // A venue without a camera simply shows without video; the main venue must know either way.
  if (layout === 'host') outcome.message = micError ?? cameraError;
  return outcome;
}
