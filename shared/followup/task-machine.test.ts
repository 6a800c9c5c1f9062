import { describe, expect, it } from 'vitest';
import { ALLOWED_IN, COMMAND_PARTY, allowedCommands, awaitsReaction, decide, type TaskCommand, type TaskCommandType, type TaskCore } from './task-machine.ts';
import type { TaskStatus } from './types.ts';

const NOW = '2026-12-10T02:00:00.000Z';
const CTX = { now: NOW, remindIntervalMs: 30 * 60_000 };
const STATUSES: TaskStatus[] = ['pending', 'in_progress', 'extension_requested', 'extended', 'review', 'done', 'cancelled'];

const base: TaskCore = {
  status: 'pending', deadline: '2026-12-31', deadlineSource: 'parsed', returned: false, returnedAt: null, extensions: 0,
  extensionRequest: null, signedAt: null, lastReportAt: null, submittedAt: null, closedAt: null, lastRemindedAt: null,
  reminders: 0, lastVenueActionAt: null,
};
const at = (status: TaskStatus, extra: Partial<TaskCore> = {}): TaskCore => ({
  ...base,
  status,
  ...(status === 'extension_requested' ? { extensionRequest: { reason: '材料待补', proposedDate: '2027-01-15', requestedAt: NOW } } : {}),
  ...extra,
});

/** One valid example of every command. */
const EXAMPLES: Record<TaskCommandType, TaskCommand> = {
  sign: { type: 'sign' },
  report: { type: 'report', text: '已召开专题会部署' },
  request_extension: { type: 'request_extension', reason: '涉及多部门协调', proposedDate: '2027-01-15' },
  submit: { type: 'submit', text: '已全部完成' },
  accept: { type: 'accept' },
  return: { type: 'return', comment: '佐证材料不全' },
  approve_extension: { type: 'approve_extension' },
  deny_extension: { type: 'deny_extension', comment: '时限不能推迟' },
  remind: { type: 'remind' },
  set_deadline: { type: 'set_deadline', deadline: '2027-02-01' },
  cancel: { type: 'cancel', comment: '要求已撤回' },
};

/** Expected status after each allowed (command, from) pair. */
const EXPECTED: Record<TaskCommandType, Partial<Record<TaskStatus, TaskStatus>>> = {
  sign: { pending: 'in_progress' },
  report: { in_progress: 'in_progress', extension_requested: 'extension_requested', extended: 'extended' },
  request_extension: { in_progress: 'extension_requested', extended: 'extension_requested' },
  submit: { in_progress: 'review', extended: 'review' },
  accept: { review: 'done' },
  return: { review: 'in_progress' },
  approve_extension: { extension_requested: 'extended' },
  deny_extension: { extension_requested: 'in_progress' },
  remind: { pending: 'pending', in_progress: 'in_progress', extension_requested: 'extension_requested', extended: 'extended' },
  set_deadline: { pending: 'pending', in_progress: 'in_progress', extended: 'extended' },
  cancel: { pending: 'cancelled', in_progress: 'cancelled', extension_requested: 'cancelled', extended: 'cancelled', review: 'cancelled' },
};

describe('task state machine: every command in every status', () => {
  for (const type of Object.keys(EXAMPLES) as TaskCommandType[]) {
    for (const from of STATUSES) {
      const expected = EXPECTED[type][from];
      const party = COMMAND_PARTY[type];
      if (expected) {
        it(`${type} (${party}) ${from} → ${expected}`, () => {
          const d = decide(at(from), EXAMPLES[type], party, CTX);
          expect(d.ok).toBe(true);
          if (d.ok) expect(d.next.status).toBe(expected);
        });
      } else {
        it(`${type} (${party}) refused in ${from}`, () => {
          expect(decide(at(from), EXAMPLES[type], party, CTX)).toEqual({ ok: false, refusal: 'not_allowed' });
        });
      }
      it(`${type} by the other party refused in ${from}`, () => {
        expect(decide(at(from), EXAMPLES[type], party === 'venue' ? 'organiser' : 'venue', CTX)).toEqual({ ok: false, refusal: 'wrong_party' });
      });
    }
  }

  it('the table of allowed statuses matches the expectations exactly', () => {
    for (const type of Object.keys(EXAMPLES) as TaskCommandType[]) {
      expect([...ALLOWED_IN[type]].sort()).toEqual(Object.keys(EXPECTED[type]).sort());
    }
  });

  it('lists the buttons per party', () => {
    expect(allowedCommands('pending', 'venue')).toEqual(['sign']);
    expect(allowedCommands('in_progress', 'venue')).toEqual(['report', 'request_extension', 'submit']);
    expect(allowedCommands('review', 'venue')).toEqual([]);
    expect(allowedCommands('review', 'organiser')).toEqual(['accept', 'return', 'cancel']);
    expect(allowedCommands('extension_requested', 'organiser')).toEqual(['approve_extension', 'deny_extension', 'remind', 'cancel']);
    expect(allowedCommands('done', 'organiser')).toEqual([]);
    expect(allowedCommands('cancelled', 'venue')).toEqual([]);
  });
});

describe('task state machine: what each step records', () => {
  it('sign, report and submit stamp the venue’s action', () => {
    const signed = decide(at('pending'), { type: 'sign' }, 'venue', CTX);
    expect(signed).toMatchObject({ ok: true, action: 'signed', next: { signedAt: NOW, lastVenueActionAt: NOW } });
    const reported = decide(at('in_progress'), { type: 'report', text: 'x' }, 'venue', CTX);
    expect(reported).toMatchObject({ ok: true, action: 'reported', next: { lastReportAt: NOW, lastVenueActionAt: NOW } });
    const submitted = decide(at('in_progress', { returned: true, returnedAt: '2026-12-09T00:00:00.000Z' }), { type: 'submit', text: 'x' }, 'venue', CTX);
    expect(submitted).toMatchObject({ ok: true, next: { status: 'review', submittedAt: NOW, returned: false, returnedAt: '2026-12-09T00:00:00.000Z' } });
  });

  it('a return goes back to work, flagged; after an extension back to extended', () => {
    expect(decide(at('review'), { type: 'return', comment: 'c' }, 'organiser', CTX)).toMatchObject({ ok: true, action: 'returned', next: { status: 'in_progress', returned: true, returnedAt: NOW } });
    expect(decide(at('review', { extensions: 1 }), { type: 'return', comment: 'c' }, 'organiser', CTX)).toMatchObject({ ok: true, next: { status: 'extended' } });
  });

  it('accept closes the task', () => {
    expect(decide(at('review'), { type: 'accept' }, 'organiser', CTX)).toMatchObject({ ok: true, action: 'accepted', next: { status: 'done', closedAt: NOW } });
  });

  it('an extension needs a deadline and a later date', () => {
    expect(decide(at('in_progress', { deadline: null }), EXAMPLES.request_extension, 'venue', CTX)).toEqual({ ok: false, refusal: 'no_deadline' });
    expect(decide(at('in_progress'), { type: 'request_extension', reason: 'r', proposedDate: '2026-12-31' }, 'venue', CTX)).toEqual({ ok: false, refusal: 'date_not_later' });
    expect(decide(at('in_progress'), { type: 'request_extension', reason: 'r', proposedDate: '2026-12-01' }, 'venue', CTX)).toEqual({ ok: false, refusal: 'date_not_later' });
    const asked = decide(at('in_progress'), EXAMPLES.request_extension, 'venue', CTX);
    expect(asked).toMatchObject({ ok: true, next: { status: 'extension_requested', extensionRequest: { reason: '涉及多部门协调', proposedDate: '2027-01-15', requestedAt: NOW } } });
  });

  it('approving takes the proposed date (or the organiser’s), denying goes back', () => {
    const approved = decide(at('extension_requested'), { type: 'approve_extension' }, 'organiser', CTX);
    expect(approved).toMatchObject({ ok: true, next: { status: 'extended', deadline: '2027-01-15', deadlineSource: 'extended', extensions: 1, extensionRequest: null } });
    const other = decide(at('extension_requested'), { type: 'approve_extension', deadline: '2027-01-10' }, 'organiser', CTX);
    expect(other).toMatchObject({ ok: true, next: { deadline: '2027-01-10' } });
    expect(decide(at('extension_requested'), { type: 'approve_extension', deadline: '2026-12-30' }, 'organiser', CTX)).toEqual({ ok: false, refusal: 'date_not_later' });
    expect(decide(at('extension_requested'), { type: 'deny_extension', comment: 'no' }, 'organiser', CTX)).toMatchObject({ ok: true, next: { status: 'in_progress', extensionRequest: null, deadline: '2026-12-31' } });
    expect(decide(at('extension_requested', { extensions: 2 }), { type: 'deny_extension', comment: 'no' }, 'organiser', CTX)).toMatchObject({ ok: true, next: { status: 'extended' } });
  });

  it('reminders keep a minimum interval', () => {
    const first = decide(at('pending'), { type: 'remind' }, 'organiser', CTX);
    expect(first).toMatchObject({ ok: true, action: 'reminded', next: { lastRemindedAt: NOW, reminders: 1 } });
    const justBefore = new Date(Date.parse(NOW) - 30 * 60_000 + 1).toISOString();
    expect(decide(at('pending', { lastRemindedAt: justBefore, reminders: 1 }), { type: 'remind' }, 'organiser', CTX)).toEqual({ ok: false, refusal: 'remind_too_soon' });
    const exactly = new Date(Date.parse(NOW) - 30 * 60_000).toISOString();
    expect(decide(at('pending', { lastRemindedAt: exactly, reminders: 1 }), { type: 'remind' }, 'organiser', CTX)).toMatchObject({ ok: true, next: { reminders: 2 } });
  });

  it('set_deadline and cancel', () => {
    expect(decide(at('pending', { deadline: null, deadlineSource: null }), EXAMPLES.set_deadline, 'organiser', CTX)).toMatchObject({ ok: true, action: 'deadline_set', next: { deadline: '2027-02-01', deadlineSource: 'set' } });
    expect(decide(at('extension_requested'), EXAMPLES.cancel, 'organiser', CTX)).toMatchObject({ ok: true, next: { status: 'cancelled', closedAt: NOW, extensionRequest: null } });
  });

  it('organiser steps do not count as the venue reacting', () => {
    const d = decide(at('in_progress', { lastVenueActionAt: '2026-12-01T00:00:00.000Z' }), { type: 'remind' }, 'organiser', CTX);
    expect(d.ok && d.next.lastVenueActionAt).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('awaitsReaction (who a round of 催办 reaches)', () => {
  it('never reminded → yes; reacted after the reminder → no; silent since → yes', () => {
    expect(awaitsReaction({ lastRemindedAt: null, lastVenueActionAt: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(awaitsReaction({ lastRemindedAt: '2026-12-02T00:00:00.000Z', lastVenueActionAt: null })).toBe(true);
    expect(awaitsReaction({ lastRemindedAt: '2026-12-02T00:00:00.000Z', lastVenueActionAt: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(awaitsReaction({ lastRemindedAt: '2026-12-02T00:00:00.000Z', lastVenueActionAt: '2026-12-03T00:00:00.000Z' })).toBe(false);
  });
});
