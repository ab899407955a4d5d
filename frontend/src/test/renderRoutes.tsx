import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { SearchBox } from '../components/SearchBox';
import { AdminPage } from '../pages/AdminPage';
import { AppDetailPage } from '../pages/AppDetailPage';
import { DeveloperPage } from '../pages/DeveloperPage';
import { DiscoverPage } from '../pages/DiscoverPage';
import { MyRequestsPage } from '../pages/MyRequestsPage';
import { SettingsPage } from '../pages/SettingsPage';
import type { Session } from '../state/session';
import { WithSession } from './session';

/** The current location, for tests to read: data-testid="location". */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/**
 * The search box and the pages under a memory router starting at path; with
 * a session when given (signed in), else outside any (as isolated pages are).
 */
export function renderCatalog(path: string, session?: Session) {
  const tree = (
    <MemoryRouter initialEntries={[path]}>
      <SearchBox />
      <Routes>
        <Route path="/discover" element={<DiscoverPage />} />
        <Route path="/apps/:id" element={<AppDetailPage />} />
        <Route path="/developers/:name" element={<DeveloperPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/requests" element={<MyRequestsPage />} />
        <Route path="/admin/:tab" element={<AdminPage />} />
      </Routes>
      <LocationProbe />
    </MemoryRouter>
  );
  const result = render(session ? <WithSession session={session}>{tree}</WithSession> : tree);
  const location = () => result.getByTestId('location').textContent ?? '';
  const search = () => new URLSearchParams(location().split('?')[1] ?? '');
  return { ...result, location, search };
}
