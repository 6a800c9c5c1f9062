/**
 * Wall clock for headers (updates every 15 s; minutes are enough on a meeting screen).
 */
import { createSignal, onCleanup } from 'solid-js';
import { hoursMinutes } from './format.ts';

export function Clock() {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), 15_000);
  onCleanup(() => clearInterval(timer));
  const date = () => `${now().getMonth() + 1}月${now().getDate()}日`;
  return (
    <span class="clock" aria-label="当前时间">
      <span class="clock__date">{date()}</span>
      <span class="clock__time">{hoursMinutes(now())}</span>
    </span>
  );
}
