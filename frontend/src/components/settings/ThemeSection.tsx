import { useState } from 'react';
import { setTheme, type ThemeChoice } from '../../api/settings';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { applyTheme, currentThemeChoice } from '../../state/theme';

const s = strings.settings;
const options: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: s.themeSystem },
  { value: 'light', label: s.themeLight },
  { value: 'dark', label: s.themeDark },
];

/** Settings → Appearance: System / Light / Dark, applied at once and stored for the next start. */
export function ThemeSection() {
  const [choice, setChoice] = useState<ThemeChoice>(currentThemeChoice);
  const [error, setError] = useState('');

  const choose = (next: ThemeChoice) => {
    const before = choice;
    setChoice(next);
    setError('');
    applyTheme(next);
    setTheme(next).catch((reason: unknown) => {
      applyTheme(before);
      setChoice(before);
      setError(toAppError(reason).message);
    });
  };

  return (
    <section className="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title" className="section-title">
        {s.appearanceTitle}
      </h2>
      <fieldset className="theme-choice">
        <legend>{s.themeLegend}</legend>
        {options.map((option) => (
          <label key={option.value} className="theme-option">
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={choice === option.value}
              onChange={() => choose(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {s.themeFailed} {error}
        </p>
      )}
    </section>
  );
}
