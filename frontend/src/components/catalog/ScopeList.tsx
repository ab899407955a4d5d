import type { Scope } from '../../api/catalog';
import { strings } from '../../i18n';
import { Icon } from '../Icon';

const s = strings.detail;

/** The permissions an app asks for, in plain words, the sensitive ones marked. */
export function ScopeList({ scopes, compact = false }: { scopes: Scope[]; compact?: boolean }) {
  return (
    <ul className={compact ? 'scopes scopes-compact' : 'scopes'}>
      {scopes.map((scope) => (
        <li key={scope.name} className={scope.sensitive ? 'scope scope-sensitive' : 'scope'} data-testid="scope">
          <span className="scope-icon" aria-hidden="true">
            <Icon name={scope.sensitive ? 'lock' : 'verified'} size={16} />
          </span>
          <div className="scope-text">
            <p className="scope-description">
              {scope.description}
              {scope.sensitive && (
                <span className="badge badge-warn scope-badge" aria-label={s.sensitiveLabel} data-testid="sensitive">
                  {s.sensitive}
                </span>
              )}
            </p>
            {scope.description !== scope.name && <code className="scope-name">{scope.name}</code>}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A scope known only by its name (an installation from before Go described them). */
export function asWords(name: string): Scope {
  return { name, description: name, sensitive: false };
}
