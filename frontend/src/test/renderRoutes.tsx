import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { SearchBox } from '../components/SearchBox';
import { AppDetailPage } from '../pages/AppDetailPage';
import { DiscoverPage } from '../pages/DiscoverPage';
import { SettingsPage } from '../pages/SettingsPage';

/** The current location, for tests to read: data-testid="location". */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** The search box and the catalog pages under a memory router starting at path. */
export function renderCatalog(path: string) {
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <SearchBox />
      <Routes>
        <Route path="/discover" element={<DiscoverPage />} />
        <Route path="/apps/:id" element={<AppDetailPage />} />
        <Route path="/settings" element={<SettingsPage />} />
      </Routes>
      <LocationProbe />
    </MemoryRouter>,
  );
  const location = () => result.getByTestId('location').textContent ?? '';
  const search = () => new URLSearchParams(location().split('?')[1] ?? '');
  return { ...result, location, search };
}
