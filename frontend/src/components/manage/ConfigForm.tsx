import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { saveConfiguration, secretMask, type ConfigFieldState, type ConfigState, type FieldValue } from '../../api/manage';
import { strings } from '../../i18n';
import { useShowError } from '../../state/toasts';

const s = strings.manage;

/** What a field holds while it is edited: inputs keep text, toggles booleans, multi-selects lists. */
type Draft = string | boolean | string[];

function asText(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** The draft a field starts with: its saved value, else the listing's default. */
function initialDraft(field: ConfigFieldState): Draft {
  const value: unknown = field.isSet || field.value != null ? field.value : field.default;
  switch (field.type) {
    case 'toggle':
      return value === true;
    case 'multiselect':
      return Array.isArray(value) ? value.map(String) : [];
    case 'secret':
      return '';
    default:
      return asText(value);
  }
}

function initialDrafts(fields: ConfigFieldState[]): Record<string, Draft> {
  return Object.fromEntries(fields.map((f) => [f.key, initialDraft(f)]));
}

/** The value sent to Go: numbers as numbers (text that is not one goes as is, for Go to refuse), empty as null. */
function toValue(field: ConfigFieldState, draft: Draft, replacing: boolean): FieldValue {
  if (field.type === 'secret') return field.isSet && !replacing ? secretMask : String(draft);
  if (field.type === 'toggle') return draft === true;
  if (field.type === 'multiselect') return Array.isArray(draft) ? draft : [];
  const text = String(draft);
  if (field.type === 'number') {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : trimmed;
  }
  return text === '' ? null : text;
}

/**
 * The in-app configuration form generated from the listing's fields. Go
 * validates every value; its messages show next to their field and nothing is
 * saved until all are right.
 */
export function ConfigForm({ state, onSaved }: { state: ConfigState; onSaved: (state: ConfigState) => void }) {
  const fields = state.fields ?? [];
  const showError = useShowError();
  const formRef = useRef<HTMLFormElement>(null);
  const [drafts, setDrafts] = useState(() => initialDrafts(fields));
  const [replacing, setReplacing] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>(state.errors ?? {});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<'saved' | 'invalid' | null>(null);

  const set = (key: string, value: Draft) => {
    setDrafts((d) => ({ ...d, [key]: value }));
    setOutcome(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const values: Record<string, FieldValue> = {};
    for (const field of fields) values[field.key] = toValue(field, drafts[field.key] ?? '', Boolean(replacing[field.key]));
    setSaving(true);
    setOutcome(null);
    try {
      const result = await saveConfiguration(state.installationId, values);
      const refused = result.errors ?? {};
      setErrors(refused);
      if (Object.keys(refused).length > 0) {
        setOutcome('invalid');
        const first = fields.find((f) => refused[f.key]);
        if (first) window.setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${first.key}"]`)?.focus(), 0);
        return;
      }
      setDrafts(initialDrafts(result.fields ?? []));
      setReplacing({});
      setOutcome('saved');
      onSaved(result);
    } catch (reason) {
      showError(reason);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form ref={formRef} className="form config-form" noValidate onSubmit={onSubmit} data-testid="config-form">
      {/* Above the fields, where it is read before them; focus goes to the first field marked. */}
      {outcome === 'invalid' && (
        <p className="field-error" role="alert" data-testid="config-invalid">
          {s.saveFailed}
        </p>
      )}
      {fields.map((field) => (
        <Field
          key={field.key}
          field={field}
          draft={drafts[field.key] ?? ''}
          error={errors[field.key]}
          replacing={Boolean(replacing[field.key])}
          onChange={(value) => set(field.key, value)}
          onReplace={(on) => {
            setReplacing((r) => ({ ...r, [field.key]: on }));
            set(field.key, '');
          }}
        />
      ))}
      <div className="form-actions config-actions">
        <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving}>
          {saving ? s.saving : s.save}
        </button>
        <span role="status" className="field-ok" data-testid="config-saved">
          {outcome === 'saved' ? s.saved : ''}
        </span>
      </div>
    </form>
  );
}

function Field({
  field,
  draft,
  error,
  replacing,
  onChange,
  onReplace,
}: {
  field: ConfigFieldState;
  draft: Draft;
  error?: string;
  replacing: boolean;
  onChange: (value: Draft) => void;
  onReplace: (on: boolean) => void;
}) {
  const id = `cfg-${field.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const noteId = `${id}-note`;
  const describedBy = [field.note && noteId, field.help && helpId, error && errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'data-field': field.key,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
  };
  const label = (
    <>
      {field.label}
      {field.required && (
        <span className="config-required" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  );
  const text = typeof draft === 'string' ? draft : '';
  let control: ReactNode;
  let grouped = false;

  switch (field.type) {
    case 'multiline':
      control = (
        <textarea {...common} className="text-input textarea" rows={4} value={text} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'number':
      control = (
        <input
          {...common}
          className="text-input config-number"
          type="number"
          inputMode="decimal"
          min={field.min}
          max={field.max}
          value={text}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'toggle':
      control = (
        <button
          {...common}
          type="button"
          role="switch"
          className="switch"
          aria-checked={draft === true}
          aria-labelledby={`${id}-label`}
          onClick={() => onChange(draft !== true)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span aria-hidden="true">{draft === true ? s.on : s.off}</span>
        </button>
      );
      break;
    case 'select':
      control = (
        <select {...common} className="text-input select" value={text} onChange={(e) => onChange(e.target.value)}>
          {(!field.required || text === '') && <option value="">{field.placeholder || s.choose}</option>}
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'multiselect': {
      grouped = true;
      const chosen = Array.isArray(draft) ? draft : [];
      control = (
        <ul className="check-list config-options">
          {(field.options ?? []).map((o, i) => (
            <li key={o.value}>
              <label className="check">
                <input
                  type="checkbox"
                  data-field={i === 0 ? field.key : undefined}
                  checked={chosen.includes(o.value)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))}
                />
                <span>{o.label}</span>
              </label>
            </li>
          ))}
        </ul>
      );
      break;
    }
    case 'secret':
      control =
        field.isSet && !replacing ? (
          <div className="config-secret">
            <span className="config-mask" id={id} data-testid={`secret-${field.key}`} aria-label={`${field.label}: ${s.secretSet}`}>
              {secretMask}
            </span>
            <button type="button" className="button button-small" data-field={field.key} onClick={() => onReplace(true)} aria-label={s.secretReplaceLabel(field.label)}>
              {s.replace}
            </button>
          </div>
        ) : (
          <div className="config-secret">
            <input
              {...common}
              className="text-input"
              type="password"
              autoComplete="new-password"
              autoFocus={replacing}
              value={text}
              placeholder={field.placeholder}
              onChange={(e) => onChange(e.target.value)}
            />
            {replacing && (
              <button type="button" className="button button-small button-quiet" onClick={() => onReplace(false)}>
                {s.keepSecret}
              </button>
            )}
          </div>
        );
      break;
    default:
      control = (
        <input
          {...common}
          className="text-input"
          type={field.type === 'url' ? 'url' : field.type === 'email' ? 'email' : 'text'}
          spellCheck={field.type === 'text' ? undefined : false}
          value={text}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }

  const extras = (
    <>
      {field.help && (
        <p id={helpId} className="field-help">
          {field.help}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" data-testid={`error-${field.key}`}>
          {error}
        </p>
      )}
    </>
  );
  const note = field.note && (
    <span id={noteId} className="badge badge-warn config-note">
      {field.note}
    </span>
  );

  if (grouped) {
    return (
      <fieldset className="field config-field config-group" data-testid={`field-${field.key}`} data-type={field.type} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend className="field-label">
          {label}
          {note}
        </legend>
        {control}
        {extras}
      </fieldset>
    );
  }
  return (
    <div className="field config-field" data-testid={`field-${field.key}`} data-type={field.type}>
      <span className="config-label-row">
        {field.type === 'secret' && field.isSet && !replacing ? (
          <span className="field-label" id={`${id}-label`}>
            {label}
          </span>
        ) : (
          <label className="field-label" id={`${id}-label`} htmlFor={id}>
            {label}
          </label>
        )}
        {note}
      </span>
      {control}
      {extras}
    </div>
  );
}

/** A saved value as text, for the read-only view and the summary. */
export function shownValue(field: ConfigFieldState): string {
  const value: unknown = field.value;
  if (field.type === 'secret') return field.isSet ? secretMask : s.secretNotSet;
  if (field.type === 'toggle') return value === true ? s.on : s.off;
  if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return s.emptyValue;
  const label = (v: unknown) => field.options?.find((o) => o.value === String(v))?.label ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (field.options?.length) return label(value);
  return String(value);
}

/** The configuration as members see it: values only, changed by admins. */
export function ReadOnlyConfig({ state }: { state: ConfigState }) {
  return (
    <div data-testid="config-readonly">
      <p className="banner banner-info config-readonly-note">{s.readOnly}</p>
      <dl className="facts config-values">
        {(state.fields ?? []).map((field) => (
          <div className="facts-row" key={field.key}>
            <dt>{field.label}</dt>
            <dd>{shownValue(field)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
