/** A determinate progress bar, named for assistive technology; `value` and `max` in any unit. */
export function ProgressBar({
  label,
  value,
  max,
  tone = 'normal',
}: {
  label: string;
  value: number;
  max: number;
  tone?: 'normal' | 'warning' | 'error';
}) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      className={`progress progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
