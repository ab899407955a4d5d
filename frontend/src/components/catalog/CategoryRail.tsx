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
        >
          {/* The visible name and count are the link's name (label in name); "apps" is for screen readers. */}
          <span className="category-name">{label}</span>{' '}
          <span className="category-count">
            {count.toLocaleString()}{' '}
            <span className="visually-hidden">{s.appsWord(count)}</span>
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
