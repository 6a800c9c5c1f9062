/**
 * 落实概况: the meeting's headline figures in large numerals (requirements formed, venues online,
 * confirmation rate, venues with anything unconfirmed).
 */
import { createMemo } from 'solid-js';
import { useStore } from '../../store/index.tsx';
import { ackRows, orderedRequirements, venueRows } from '../../state/selectors.ts';

export function SummaryPanel() {
  const [state] = useStore();
  const requirements = createMemo(() => orderedRequirements(state.meeting, 'staff').length);
  const venues = createMemo(() => venueRows(state.meeting));
  const rows = createMemo(() => ackRows(state.meeting));
  const rate = () => {
    const total = rows().reduce((n, r) => n + r.total, 0);
    const received = rows().reduce((n, r) => n + r.received, 0);
    return total === 0 ? null : Math.round((received / total) * 100);
  };
  const lagging = () => venues().filter((v) => v.total > 0 && v.received < v.total).length;
  return (
    <section class="panel summary-panel" aria-labelledby="summary-title" data-testid="summary">
      <h2 class="panel__title" id="summary-title">落实概况</h2>
      <div class="summary-grid">
        <div class="kpi">
          <span class="kpi__num" data-testid="kpi-requirements">{requirements()}</span>
          <span class="kpi__label">已形成要求（条）</span>
        </div>
        <div class="kpi">
          <span class="kpi__num kpi__num--green">
            {venues().filter((v) => v.online).length}
            <small>/{venues().length}</small>
          </span>
          <span class="kpi__label">分会场在线</span>
        </div>
        <div class="kpi">
          <span class="kpi__num kpi__num--blue">{rate() === null ? '—' : rate()}<small>{rate() === null ? '' : '%'}</small></span>
          <span class="kpi__label">收到确认率</span>
        </div>
        <div class="kpi">
          <span class={`kpi__num ${lagging() > 0 ? 'kpi__num--red' : ''}`}>{lagging()}</span>
          <span class="kpi__label">尚有未确认的会场</span>
        </div>
      </div>
    </section>
  );
}
