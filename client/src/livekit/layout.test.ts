import { describe, expect, it } from 'vitest';
import { initialRoomMetadata, type RoomMetadata } from '../../../shared/livekit/metadata.ts';
import { arrangeTiles, VENUE_STRIP_MAX, venueMicWanted, type TileInfo } from './layout.ts';

const tile = (venueId: string, name: string, extra: Partial<TileInfo> = {}): TileInfo => ({
  identity: venueId,
  venueId,
  name,
  isMain: false,
  isVenue: true,
  isLocal: false,
  speaking: false,
  ...extra,
});

const MAIN = tile('v-main', '省厅主会场', { isMain: true });
const QINGSHAN = tile('v-qs', '青山县');
const BAISHUI = tile('v-bs', '白水县');
const ANPING = tile('v-ap', '安平县');
const SECRETARY = tile('v-main', '省厅主会场（记录）', { identity: 'v-main:secretary', isVenue: false });
const META: RoomMetadata = initialRoomMetadata({ id: 'm1', title: '推进会' });

describe('arrangeTiles', () => {
  it('shows a branch venue the main venue large, itself first in the strip, secretaries nowhere', () => {
    const own = { ...BAISHUI, isLocal: true };
    const result = arrangeTiles([QINGSHAN, SECRETARY, own, MAIN, ANPING], META, 'venue');
    expect(result).toEqual({ stage: 'v-main', strip: ['v-bs', 'v-ap', 'v-qs'], overflow: 0 });
  });

  it('puts the spotlighted venue on stage and the roll-called venue first', () => {
    const result = arrangeTiles([MAIN, QINGSHAN, BAISHUI, ANPING], { ...META, spotlightVenueId: 'v-qs', rollCallVenueId: 'v-bs' }, 'venue');
    expect(result.stage).toBe('v-qs');
    expect(result.strip).toEqual(['v-bs', 'v-main', 'v-ap']);
  });

  it('falls back to the main venue when the spotlighted venue is not connected', () => {
    expect(arrangeTiles([MAIN, QINGSHAN], { ...META, spotlightVenueId: 'v-gone' }, 'host').stage).toBe('v-main');
    expect(arrangeTiles([QINGSHAN], META, 'venue').stage).toBeNull();
  });

  it('caps a venue screen’s strip and counts the rest', () => {
    const many = Array.from({ length: VENUE_STRIP_MAX + 5 }, (_, i) => tile(`v${i}`, `县${i}`));
    const result = arrangeTiles([MAIN, ...many], META, 'venue');
    expect(result.strip).toHaveLength(VENUE_STRIP_MAX);
    expect(result.overflow).toBe(5);
    expect(arrangeTiles([MAIN, ...many], META, 'host').overflow).toBe(0);
  });
});

describe('venueMicWanted', () => {
  it('opens a venue’s microphone only under roll call or as the transcribed speaker', () => {
    expect(venueMicWanted(META, 'v-qs')).toBe(false);
    expect(venueMicWanted({ ...META, rollCallVenueId: 'v-qs' }, 'v-qs')).toBe(true);
    expect(venueMicWanted({ ...META, speakerVenueId: 'v-qs' }, 'v-qs')).toBe(true);
    expect(venueMicWanted({ ...META, rollCallVenueId: 'v-bs' }, 'v-qs')).toBe(false);
    expect(venueMicWanted(null, 'v-qs')).toBe(false);
  });
});
