import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { Link, MemoryRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { PageHeader } from '../components/PageHeader';
import { SkipLink } from '../components/SkipLink';
import { registerResultsFocus } from './resultsFocus';
import { useFocusOnNavigation } from './routeFocus';

/** A page whose heading arrives after its data, as the detail page's does. */
function SlowPage() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), 30);
    return () => clearTimeout(timer);
  }, []);
  return ready ? <PageHeader title="Slow page" /> : <p>Loading…</p>;
}

function Discover() {
  useEffect(() => registerResultsFocus(() => (document.getElementById('first-result')?.focus(), true)), []);
  return (
    <>
      <PageHeader title="Discover" />
      <a href="#x" id="first-result">
        First app
      </a>
    </>
  );
}

function Shell() {
  useFocusOnNavigation();
  const navigate = useNavigate();
  return (
    <>
      <SkipLink />
      <nav>
        <Link to="/settings">Settings</Link>
        <Link to="/slow">Slow</Link>
        <button type="button" onClick={() => navigate('/about', { replace: true })}>
          Replace
        </button>
        <input aria-label="Search" onChange={() => navigate('/about')} />
        <div data-focus-stays>
          <Link to="/about">About tab</Link>
        </div>
      </nav>
      <main id="main">
        <Routes>
          <Route path="/discover" element={<Discover />} />
          <Route path="/settings" element={<PageHeader title="Settings" />} />
          <Route path="/about" element={<PageHeader title="About" />} />
          <Route path="/slow" element={<SlowPage />} />
        </Routes>
      </main>
    </>
  );
}

function renderShell(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Shell />
    </MemoryRouter>,
  );
}

const heading = (name: string) => screen.getByRole('heading', { level: 1, name });

describe('skip link', () => {
  it('is the first focusable element and, on Discover, jumps to the first result', () => {
    const { container } = renderShell('/discover');
    const skip = screen.getByRole('link', { name: 'Skip to results' });
    expect(container.querySelector('a[href], button, input')).toBe(skip);
    fireEvent.click(skip);
    expect(document.activeElement?.id).toBe('first-result');
  });

  it('elsewhere skips to the page heading', () => {
    renderShell('/settings');
    fireEvent.click(screen.getByRole('link', { name: 'Skip to main content' }));
    expect(document.activeElement).toBe(heading('Settings'));
  });
});

describe('focus after navigation', () => {
  it('stays put on the first page, then moves to the new page’s heading', () => {
    renderShell('/discover');
    expect(document.activeElement).toBe(document.body);
    const link = screen.getByRole('link', { name: 'Settings' });
    link.focus();
    fireEvent.click(link);
    expect(document.activeElement).toBe(heading('Settings'));
    expect(heading('Settings').getAttribute('tabindex')).toBe('-1');
  });

  it('waits for a heading that arrives with the page’s data', async () => {
    renderShell('/discover');
    const link = screen.getByRole('link', { name: 'Slow' });
    link.focus();
    fireEvent.click(link);
    await waitFor(() => expect(document.activeElement).toBe(heading('Slow page')));
  });

  it('leaves focus alone for a replaced entry, a field being typed in, and data-focus-stays', () => {
    renderShell('/settings');
    const replace = screen.getByRole('button', { name: 'Replace' });
    replace.focus();
    fireEvent.click(replace);
    heading('About');
    expect(document.activeElement).toBe(replace);

    act(() => screen.getByRole('link', { name: 'Settings' }).click());
    const search = screen.getByRole('textbox', { name: 'Search' });
    search.focus();
    fireEvent.change(search, { target: { value: 'c' } });
    heading('About');
    expect(document.activeElement).toBe(search);

    act(() => screen.getByRole('link', { name: 'Settings' }).click());
    const tab = screen.getByRole('link', { name: 'About tab' });
    tab.focus();
    fireEvent.click(tab);
    heading('About');
    expect(document.activeElement).toBe(tab);
  });
});
