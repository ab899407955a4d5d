import { Link } from 'react-router-dom';
import type { Category } from '../../api/catalog';
import { strings } from '../../i18n';
import { discoverPath, type DiscoverState } from '../../state/discoverQuery';

const s = strings.discover;

/** The categories with their counts; each one filters Discover, keeping the search and other filters. */
export function CategoryRail({ categories, total, state }: { categories: Category[]; total: number; state: DiscoverState }) {
  const item = (name: string, count: number, label: string) => {
    const selected = state.category === name;
    return (
      <li key={name || '*'}>
        <Link
          to={discoverPath({ ...state, category: name })}
          className="category-link"
          aria-current={selected ? 'true' : undefined}
          aria-label={s.categoryCount(label, count)}
        >
          <span className="category-name">{label}</span>
          <span className="category-count" aria-hidden="true">
            {count.toLocaleString()}
          </span>
        </Link>
      </li>
    );
  };
  return (
    <nav className="category-rail" aria-label={s.categories}>
      <h2 className="rail-title">{s.categories}</h2>
      <ul>
        {item('', total, s.allCategories)}
        {categories.map((c) => item(c.name, c.count, c.name))}
      </ul>
    </nav>
  );
}
