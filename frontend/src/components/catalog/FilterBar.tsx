import type { AppType, SortOrder } from '../../api/catalog';
import { strings } from '../../i18n';
import type { DiscoverState } from '../../state/discoverQuery';

const s = strings.discover;

const typeOptions: { value: AppType; label: string }[] = [
  { value: '', label: s.typeAll },
  { value: 'user', label: s.typeUser },
  { value: 'account', label: s.typeAccount },
];

const sortOptions: { value: Exclude<SortOrder, ''>; label: string }[] = [
  { value: 'relevance', label: s.sortRelevance },
  { value: 'popularity', label: s.sortPopularity },
  { value: 'rating', label: s.sortRating },
  { value: 'name', label: s.sortName },
  { value: 'newest', label: s.sortNewest },
];

/** App type, the two toggles and the sort order; every change is one history entry. */
export function FilterBar({ state, onChange }: { state: DiscoverState; onChange: (patch: Partial<DiscoverState>) => void }) {
  const sort = state.sort || (state.q.trim() ? 'relevance' : 'popularity');
  return (
    <div className="filter-bar" role="group" aria-label={s.filters}>
      <div className="segmented" role="group" aria-label={s.type}>
        {typeOptions.map((option) => (
          <button
            key={option.value || 'all'}
            type="button"
            className="segment"
            aria-pressed={state.type === option.value}
            onClick={() => onChange({ type: option.value })}
          >
            {option.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="toggle-chip"
        aria-pressed={state.preapproved}
        onClick={() => onChange({ preapproved: !state.preapproved })}
      >
        {s.preApproved}
      </button>
      <button
        type="button"
        className="toggle-chip"
        aria-pressed={state.installed}
        onClick={() => onChange({ installed: !state.installed })}
      >
        {s.installed}
      </button>
      <label className="sort">
        <span>{s.sort}</span>
        <select value={sort} onChange={(event) => onChange({ sort: event.target.value as SortOrder })}>
          {sortOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
